/// Checking a block's header and inflating its streams, for every reader of ``LogBlockCodec``.
extension LogBlockCodec {
    /// Checks the header fields and the checksum.
    static func checkHeader(of block: EncodedLogBlock, maxUncompressedBytes: Int) throws(LogBlockError) {
        guard readableFormatVersions.contains(block.formatVersion) else {
            throw LogBlockError(field: "formatVersion", problem: "version \(block.formatVersion) is not supported (expected \(readableFormatVersions.lowerBound)–\(readableFormatVersions.upperBound))")
        }
        let declared = Int(block.uncompressedBytes)
        guard declared <= maxUncompressedBytes else {
            throw LogBlockError(field: "uncompressedBytes", problem: "\(declared) exceeds maxUncompressedBytes \(maxUncompressedBytes)")
        }
        let actualChecksum = CRC32.checksum(block.compressed)
        guard actualChecksum == block.checksum else {
            throw LogBlockError(field: "checksum", problem: "CRC-32 of the compressed bytes is \(actualChecksum); block says \(block.checksum)")
        }
    }

    /// A block inflated for reading: `body` holds the columns (the whole version-1 body, or the version-2
    /// meta stream) and, for version 2, `messages` the inflated sections `layout` places.
    struct InflatedBlock {
        var body: [UInt8]
        var messages: [UInt8]?
        var layout: LogBlockSectionLayout?
        /// How `body`'s columns are laid out (version 5: line kinds).
        var metaLayout: LogBlockBodyWriter.MetaLayout = .perColumn

        /// Runs `read` with a reader over the columns and the buffer the messages are in.
        func withReader<Result>(_ read: (inout LogBlockBodyReader, UnsafeBufferPointer<UInt8>) throws(LogBlockError) -> Result) throws(LogBlockError) -> Result {
            try body.withUnsafeBufferPointer { body throws(LogBlockError) in
                guard let messages, let layout else {
                    var reader = LogBlockBodyReader(body)
                    return try read(&reader, body)
                }
                return try messages.withUnsafeBufferPointer { messages throws(LogBlockError) in
                    var reader = LogBlockBodyReader(body, messages: .sections(layout), layout: metaLayout)
                    return try read(&reader, messages)
                }
            }
        }
    }

    /// Checks the header and checksum, then inflates the body (version 1), or the meta stream and the
    /// sections `wanted` accepts given their token filters (versions 2 and 3, the latter's sections decoded
    /// from templates), each within its declared size.
    static func inflate(_ block: EncodedLogBlock, maxUncompressedBytes: Int, templateDictionary: TemplateDictionary? = nil,
                        wanted: (TokenFilter) -> Bool = { _ in true }) throws(LogBlockError) -> InflatedBlock {
        guard block.formatVersion >= 2 else {
            return InflatedBlock(body: try inflateBody(of: block, maxUncompressedBytes: maxUncompressedBytes))
        }
        try checkHeader(of: block, maxUncompressedBytes: maxUncompressedBytes)
        let templated = block.formatVersion >= 3
        return try block.compressed.withUnsafeBufferPointer { bytes throws(LogBlockError) in
            let container = try LogBlockContainer.parse(bytes, formatVersion: block.formatVersion, uncompressedBytes: Int(block.uncompressedBytes),
                                                        maxUncompressedBytes: maxUncompressedBytes)
            let dictionary = try checkTemplateDictionary(templateDictionary, for: container)
            let meta = try inflateExactly(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[container.meta])), count: container.metaInflatedLength,
                                          field: "container.meta")
            var bases: [Int?] = []
            var total = 0
            for section in container.sections {
                guard wanted(section.filter) else {
                    bases.append(nil)
                    continue
                }
                bases.append(total)
                total += section.inflatedLength
            }
            var messages = [UInt8](repeating: 0, count: total)
            var lineEnds = [[Int]](repeating: [], count: container.sections.count)
            let failure: LogBlockError? = messages.withUnsafeMutableBytes { out in
                for (s, section) in container.sections.enumerated() {
                    guard let base = bases[s] else { continue }
                    let compressed = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[section.compressed]))
                    let target = UnsafeMutableRawBufferPointer(rebasing: out[base..<(base + section.inflatedLength)])
                    guard templated else {
                        do {
                            try Zlib.inflate(compressed, into: target)
                        } catch {
                            return LogBlockError(field: "container.sections", problem: "section \(s): \(error)")
                        }
                        continue
                    }
                    do throws(LogBlockError) {
                        var stream = try inflateExactly(compressed, count: section.streamLength, field: "container.sections")
                        if let dictionary {
                            stream = try stream.withUnsafeBufferPointer { stream throws(LogBlockError) in
                                try dictionary.resolving(stream, maxLines: Int(block.summary.lineCount), maxBytes: maxUncompressedBytes, section: s)
                            }
                        }
                        lineEnds[s] = try stream.withUnsafeBufferPointer { stream throws(LogBlockError) in
                            try MessageTemplateReader.decode(stream, into: target.assumingMemoryBound(to: UInt8.self),
                                                             maxLines: Int(block.summary.lineCount), base: base, section: s,
                                                             formatVersion: block.formatVersion)
                        }
                    } catch {
                        return error
                    }
                }
                return nil
            }
            if let failure { throw failure }
            return InflatedBlock(body: meta, messages: messages,
                                 layout: LogBlockSectionLayout(sections: container.sections, bases: bases, lineEnds: templated ? lineEnds : nil),
                                 metaLayout: metaLayout(block.formatVersion))
        }
    }

    /// The dictionary a version-6 container names, which `supplied` must be (same id and checksum); nil for older
    /// versions.
    private static func checkTemplateDictionary(_ supplied: TemplateDictionary?,
                                                for container: LogBlockContainer) throws(LogBlockError) -> TemplateDictionary? {
        guard let named = container.templateDictionary else { return nil }
        guard let supplied else {
            throw LogBlockError(field: "container.templateDictionary", problem: "the block refers to template dictionary \(named.id), which was not supplied")
        }
        guard supplied.id == named.id, supplied.checksum == named.checksum else {
            throw LogBlockError(field: "container.templateDictionary",
                                problem: "the block refers to template dictionary \(named.id) with checksum \(named.checksum); got dictionary \(supplied.id) with checksum \(supplied.checksum)")
        }
        return supplied
    }

    /// The template dictionary a version-6 block refers to (``TemplateDictionary/id``), nil for older versions or a
    /// header too damaged to say (decoding then names the fault).
    public static func templateDictionaryID(of block: EncodedLogBlock) -> Int64? {
        guard block.formatVersion >= dictionaryFormatVersion else { return nil }
        var offset = 0
        guard let id = try? block.compressed.withUnsafeBufferPointer({ try Varint.read($0, at: &offset) }), id >= 1, id <= UInt64(Int32.max) else {
            return nil
        }
        return Int64(id)
    }

    /// Every distinct template of the block's templated sections (versions 3 to 5), for building a
    /// ``TemplateDictionary``. Version 6 and older blocks have none to give.
    public static func templates(of block: EncodedLogBlock, maxUncompressedBytes: Int = defaultMaxUncompressedBytes) throws(LogBlockError) -> Set<[UInt8]> {
        guard (3...5).contains(block.formatVersion) else { return [] }
        try checkHeader(of: block, maxUncompressedBytes: maxUncompressedBytes)
        return try block.compressed.withUnsafeBufferPointer { bytes throws(LogBlockError) in
            let container = try LogBlockContainer.parse(bytes, formatVersion: block.formatVersion, uncompressedBytes: Int(block.uncompressedBytes),
                                                        maxUncompressedBytes: maxUncompressedBytes)
            var found: Set<[UInt8]> = []
            for section in container.sections {
                let compressed = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[section.compressed]))
                let stream = try inflateExactly(compressed, count: section.streamLength, field: "container.sections")
                guard let mode = stream.first, mode == MessageTemplates.templatedMode || mode == MessageTemplates.shapedMode else { continue }
                try stream.withUnsafeBufferPointer { stream throws(LogBlockError) in
                    var offset = 1
                    func varint() throws(LogBlockError) -> Int {
                        guard let value = try? Varint.read(stream, at: &offset), value <= UInt64(stream.count - offset) else {
                            throw LogBlockError(field: "sections.templates", problem: "a count or length runs past the stream")
                        }
                        return Int(value)
                    }
                    _ = try varint()
                    for _ in 0..<(try varint()) {
                        let length = try varint()
                        found.insert(Array(stream[offset..<(offset + length)]))
                        offset += length
                    }
                }
            }
            return found
        }
    }

    /// Inflates `stream`, which must give exactly `count` bytes.
    private static func inflateExactly(_ stream: UnsafeRawBufferPointer, count: Int, field: String) throws(LogBlockError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        let failure: Zlib.Failure? = out.withUnsafeMutableBytes { out -> Zlib.Failure? in
            do throws(Zlib.Failure) {
                try Zlib.inflate(stream, into: out)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw LogBlockError(field: field, problem: "\(failure) (declared \(count) bytes)") }
        return out
    }

    /// Checks the header fields and the checksum, then inflates a version-1 body within its declared size.
    static func inflateBody(of block: EncodedLogBlock, maxUncompressedBytes: Int) throws(LogBlockError) -> [UInt8] {
        try checkHeader(of: block, maxUncompressedBytes: maxUncompressedBytes)
        let declared = Int(block.uncompressedBytes)
        let body: [UInt8]
        do {
            body = try Zlib.inflate(block.compressed, expectedSize: declared, limit: declared)
        } catch {
            throw LogBlockError(field: "compressed", problem: "\(error) (declared uncompressedBytes \(declared))")
        }
        guard body.count == declared else {
            throw LogBlockError(field: "uncompressedBytes", problem: "body inflates to \(body.count) bytes; block says \(declared)")
        }
        return body
    }
}
