/// The message sections of a version-2 block as its reader sees them: which apps' messages each section
/// holds, how long it is inflated, and where each inflated section sits in the messages buffer (absent
/// when a query's tokens ruled it out and it was left compressed).
struct LogBlockSectionLayout {
    var sections: [LogBlockContainer.Section]
    /// Offset of each section's bytes in the messages buffer; nil for a section not inflated.
    var bases: [Int?]
    /// Version 3 (its meta stream has no message lengths): where each line of each inflated section ends in
    /// the messages buffer, in line order (empty for a section not inflated). Nil for version 2.
    var lineEnds: [[Int]]? = nil

    /// For each dictionary index, the section holding the messages of lines with that app (-1: none).
    /// Throws when a section names an index outside the dictionary or two sections claim one app.
    func sectionOfApp(dictionaryCount: Int) throws(LogBlockError) -> [Int] {
        var sectionOfApp = [Int](repeating: -1, count: dictionaryCount)
        for (s, section) in sections.enumerated() {
            for app in section.apps {
                guard app < dictionaryCount else {
                    throw LogBlockError(field: "sections.apps", problem: "section \(s) names dictionary index \(app) of a dictionary of \(dictionaryCount)")
                }
                guard sectionOfApp[app] < 0 else {
                    throw LogBlockError(field: "sections.apps", problem: "dictionary index \(app) is in sections \(sectionOfApp[app]) and \(s)")
                }
                sectionOfApp[app] = s
            }
        }
        return sectionOfApp
    }
}

/// The `compressed` bytes of a version-2 or version-3 block (docs/CHUNK-FORMAT.md): a small header, the meta
/// stream (the version-1 columns without the message bytes; in version 3 without their lengths too) and one
/// zlib stream per message section. Messages
/// are grouped by app so that a grep inflates only the sections whose own token filter holds its tokens; in
/// version 3 a section's stream holds its messages as templates and typed variables (``MessageTemplateWriter``).
struct LogBlockContainer {
    /// One message section: the messages of `apps`' lines, in line order, compressed on their own.
    struct Section {
        /// Dictionary indexes of the apps whose lines' messages the section holds.
        var apps: [Int]
        /// Bytes of its messages, once decoded.
        var inflatedLength: Int
        /// Bytes its zlib stream inflates to: `inflatedLength` in version 2, the templated stream's size
        /// (``MessageTemplateWriter``) in version 3.
        var streamLength: Int
        /// Where its zlib stream is in the container.
        var compressed: Range<Int>
        /// Tokens of its messages and of its apps' names.
        var filter: TokenFilter
    }

    /// Most sections a block may have (the writer's limit and the reader's check).
    static let maxSections = 16

    var metaInflatedLength: Int
    var meta: Range<Int>
    var sections: [Section]
    /// Version 6: the store's template dictionary the sections refer to, and its checksum (ADR 016).
    var templateDictionary: (id: Int64, checksum: UInt32)? = nil

    /// Parses and checks the header: every range inside `bytes`, the streams filling the rest exactly, the
    /// meta and message lengths adding up to the block's `uncompressedBytes` and (version 3) the section
    /// streams together within `maxUncompressedBytes`.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, formatVersion: UInt8, uncompressedBytes: Int,
                      maxUncompressedBytes: Int = LogBlockCodec.defaultMaxUncompressedBytes) throws(LogBlockError) -> LogBlockContainer {
        let templated = formatVersion >= 3
        var offset = 0
        func varint(_ field: String) throws(LogBlockError) -> Int {
            let value: UInt64
            do {
                value = try Varint.read(bytes, at: &offset)
            } catch {
                throw LogBlockError(field: field, problem: error.description)
            }
            guard value <= UInt64(Int32.max) else {
                throw LogBlockError(field: field, problem: "\(value) is too large")
            }
            return Int(value)
        }
        var templateDictionary: (id: Int64, checksum: UInt32)?
        if formatVersion >= LogBlockCodec.dictionaryFormatVersion {
            let id = try varint("container.templateDictionary.id")
            guard id >= 1, bytes.count - offset >= 4 else {
                throw LogBlockError(field: "container.templateDictionary", problem: "dictionary \(id) with \(bytes.count - offset) bytes left for its checksum")
            }
            let checksum = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
            offset += 4
            templateDictionary = (Int64(id), checksum)
        }
        let metaInflatedLength = try varint("container.meta.inflatedLength")
        let metaCompressedLength = try varint("container.meta.compressedLength")
        let sectionCount = try varint("container.sections.count")
        guard sectionCount <= maxSections else {
            throw LogBlockError(field: "container.sections.count", problem: "\(sectionCount) sections; at most \(maxSections)")
        }
        var inflatedTotal = metaInflatedLength
        var streamTotal = 0
        var compressedLengths: [Int] = []
        var sections: [Section] = []
        for s in 0..<sectionCount {
            let appCount = try varint("container.sections.apps.count")
            guard appCount <= bytes.count - offset else {
                throw LogBlockError(field: "container.sections.apps.count", problem: "section \(s) names \(appCount) apps in \(bytes.count - offset) bytes")
            }
            var apps: [Int] = []
            for _ in 0..<appCount { apps.append(try varint("container.sections.apps")) }
            let inflatedLength = try varint("container.sections.inflatedLength")
            let streamLength = templated ? try varint("container.sections.streamLength") : inflatedLength
            streamTotal += streamLength
            compressedLengths.append(try varint("container.sections.compressedLength"))
            let filterBytes = try varint("container.sections.filter.length")
            guard filterBytes <= bytes.count - offset, let filter = TokenFilter(bytes: bytes[offset..<(offset + filterBytes)]) else {
                throw LogBlockError(field: "container.sections.filter", problem: "section \(s)'s filter of \(filterBytes) bytes is not a whole filter within the container")
            }
            offset += filterBytes
            inflatedTotal += inflatedLength
            sections.append(Section(apps: apps, inflatedLength: inflatedLength, streamLength: streamLength, compressed: 0..<0, filter: filter))
        }
        guard inflatedTotal == uncompressedBytes else {
            throw LogBlockError(field: "uncompressedBytes", problem: "the container's meta and sections inflate to \(inflatedTotal) bytes; block says \(uncompressedBytes)")
        }
        guard streamTotal <= maxUncompressedBytes else {
            throw LogBlockError(field: "container.sections.streamLength", problem: "section streams inflate to \(streamTotal) bytes; at most \(maxUncompressedBytes)")
        }
        let streamBytes = compressedLengths.reduce(metaCompressedLength, +)
        guard streamBytes == bytes.count - offset else {
            throw LogBlockError(field: "container", problem: "streams of \(streamBytes) bytes declared; \(bytes.count - offset) bytes follow the header")
        }
        let meta = offset..<(offset + metaCompressedLength)
        offset = meta.upperBound
        for s in sections.indices {
            sections[s].compressed = offset..<(offset + compressedLengths[s])
            offset += compressedLengths[s]
        }
        return LogBlockContainer(metaInflatedLength: metaInflatedLength, meta: meta, sections: sections, templateDictionary: templateDictionary)
    }

    /// One section as the writer hands it to ``build(formatVersion:metaInflatedLength:metaCompressed:sections:)``.
    struct EncodedSection {
        var apps: [Int]
        /// Bytes of its messages.
        var inflatedLength: Int
        /// Bytes `compressed` inflates to (the messages themselves in version 2).
        var streamLength: Int
        var compressed: [UInt8]
        var filter: TokenFilter
    }

    /// Lays out a container: the header, then `metaCompressed`, then each section's stream. Version 6 starts with the
    /// template dictionary's id and checksum.
    static func build(formatVersion: UInt8, templateDictionary: TemplateDictionary? = nil, metaInflatedLength: Int, metaCompressed: [UInt8],
                      sections: [EncodedSection]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(sections.reduce(metaCompressed.count + 32) { $0 + $1.compressed.count + $1.filter.words.count * 8 + 16 })
        func varint(_ value: Int) { Varint.append(UInt64(value), to: &out) }
        if formatVersion >= LogBlockCodec.dictionaryFormatVersion, let templateDictionary { out += templateDictionary.containerPrefix }
        varint(metaInflatedLength)
        varint(metaCompressed.count)
        varint(sections.count)
        for section in sections {
            varint(section.apps.count)
            for app in section.apps { varint(app) }
            varint(section.inflatedLength)
            if formatVersion >= 3 { varint(section.streamLength) }
            varint(section.compressed.count)
            let filter = section.filter.bytes
            varint(filter.count)
            out.append(contentsOf: filter)
        }
        out.append(contentsOf: metaCompressed)
        for section in sections { out.append(contentsOf: section.compressed) }
        return out
    }
}
