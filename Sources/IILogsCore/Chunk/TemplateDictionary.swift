/// The message templates one image's instances share, kept once by the store instead of once per chunk
/// (block format 6, ADR 016).
///
/// Every instance of an image runs the same software, so its chunks repeat the same templates: on the
/// benchmark's fleet a 1,000-line chunk spends ~2.9 B/line on its template list. A version-6 block's sections
/// name the dictionary's templates by index and keep only the others inline. The dictionary is immutable once
/// stored: `id` is the store's key for it and `checksum` (CRC-32 of ``bytes``) is repeated in every block that
/// uses it, so a block is never read with another dictionary.
public struct TemplateDictionary: Sendable, Hashable {
    /// Most templates a dictionary holds (a reference is a varint below this).
    public static let maxTemplates = 65_536
    /// Most bytes of templates a dictionary holds.
    public static let maxTemplateBytes = 4 << 20

    /// The store's key for this dictionary (≥ 1), written into every block that uses it.
    public let id: Int64
    /// The templates, sorted by their bytes, without duplicates.
    public let templates: [[UInt8]]
    /// CRC-32 of ``bytes``.
    public let checksum: UInt32
    /// Each template's index in ``templates``.
    let indexOfTemplate: [[UInt8]: Int]

    /// A dictionary of `templates` (sorted and deduplicated here; empty templates dropped) stored under `id`.
    /// Returns nil when they exceed ``maxTemplates`` or ``maxTemplateBytes`` or `id` is not positive.
    public init?(id: Int64, templates: some Sequence<[UInt8]>) {
        let sorted = Set(templates.filter { !$0.isEmpty }).sorted { $0.lexicographicallyPrecedes($1) }
        guard id >= 1, sorted.count <= Self.maxTemplates, sorted.reduce(0, { $0 + $1.count }) <= Self.maxTemplateBytes else { return nil }
        self.init(id: id, sortedTemplates: sorted)
    }

    private init(id: Int64, sortedTemplates: [[UInt8]]) {
        self.id = id
        self.templates = sortedTemplates
        var index: [[UInt8]: Int] = [:]
        index.reserveCapacity(sortedTemplates.count)
        for (i, template) in sortedTemplates.enumerated() { index[template] = i }
        self.indexOfTemplate = index
        self.checksum = CRC32.checksum(Self.serialize(sortedTemplates))
    }

    /// The stored form: varint count, then each template as varint length and bytes, in order.
    public var bytes: [UInt8] { Self.serialize(templates) }

    private static func serialize(_ templates: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(templates.reduce(8) { $0 + $1.count + 2 })
        Varint.append(UInt64(templates.count), to: &out)
        for template in templates {
            Varint.append(UInt64(template.count), to: &out)
            out.append(contentsOf: template)
        }
        return out
    }

    /// Reads a dictionary's stored ``bytes`` back, checking that its templates are non-empty, sorted, distinct
    /// and within the limits.
    public init(id: Int64, bytes: [UInt8]) throws(LogBlockError) {
        func fail(_ problem: String) -> LogBlockError { LogBlockError(field: "templateDictionary", problem: "dictionary \(id): \(problem)") }
        guard id >= 1 else { throw fail("id must be at least 1") }
        var templates: [[UInt8]] = []
        var total = 0
        try bytes.withUnsafeBufferPointer { buffer throws(LogBlockError) in
            var offset = 0
            func varint(_ what: String) throws(LogBlockError) -> Int {
                let value: UInt64
                do {
                    value = try Varint.read(buffer, at: &offset)
                } catch {
                    throw fail("\(what): \(error.description)")
                }
                guard value <= UInt64(buffer.count - offset) else { throw fail("\(what) \(value) runs past its \(buffer.count) bytes") }
                return Int(value)
            }
            let count = try varint("template count")
            guard count <= Self.maxTemplates else { throw fail("\(count) templates; at most \(Self.maxTemplates)") }
            templates.reserveCapacity(count)
            for t in 0..<count {
                let length = try varint("template \(t) length")
                guard length > 0 else { throw fail("template \(t) is empty") }
                let template = Array(buffer[offset..<(offset + length)])
                offset += length
                total += length
                if let previous = templates.last, !previous.lexicographicallyPrecedes(template) {
                    throw fail("template \(t) is not after template \(t - 1) in byte order")
                }
                templates.append(template)
            }
            guard offset == buffer.count else { throw fail("\(buffer.count - offset) bytes follow the last template") }
        }
        guard total <= Self.maxTemplateBytes else { throw fail("\(total) bytes of templates; at most \(Self.maxTemplateBytes)") }
        self.init(id: id, sortedTemplates: templates)
    }
}

/// Version-6 section streams (mode 3): a version-5 templated stream (mode 2) whose template list names the
/// dictionary's templates instead of spelling them (docs/CHUNK-FORMAT.md, "Version 6").
///
/// ```
/// mode 3: u8 3, varint L, varint T, then T × varint x:
///           x = 0      an inline template follows: varint length, bytes
///           x = 1…D    the dictionary's template (previous + x) mod D, previous starting at D − 1
///                      (so sorted references are small gaps), D the dictionary's template count
///         then the template IDs, columns and tail exactly as in mode 2
/// ```
extension TemplateDictionary {
    /// First byte of a version-6 section stream whose template list refers to a dictionary.
    static let referencingMode: UInt8 = 3

    /// Rewrites a mode-2 stream from ``MessageTemplateWriter/finishWithBlockEnds()`` as mode 3, and moves its
    /// deflate block ends with it. A plain stream (mode 0) is returned as it is.
    func referencing(_ stream: [UInt8], blockEnds: [Int]) -> (stream: [UInt8], blockEnds: [Int]) {
        guard stream.first == MessageTemplates.shapedMode else { return (stream, blockEnds) }
        return stream.withUnsafeBufferPointer { input in
            var offset = 1
            // The writer's own output: every varint and length is well formed.
            let lineCount = (try? Varint.read(input, at: &offset)) ?? 0
            let templateCount = (try? Varint.read(input, at: &offset)) ?? 0
            var out: [UInt8] = [Self.referencingMode]
            out.reserveCapacity(stream.count)
            Varint.append(lineCount, to: &out)
            Varint.append(templateCount, to: &out)
            var previous = templates.count - 1
            for _ in 0..<templateCount {
                let length = Int((try? Varint.read(input, at: &offset)) ?? 0)
                let template = Array(input[offset..<(offset + length)])
                offset += length
                if let index = indexOfTemplate[template] {
                    let gap = (index - previous + templates.count) % templates.count
                    Varint.append(UInt64(gap == 0 ? templates.count : gap), to: &out)
                    previous = index
                } else {
                    out.append(0)
                    Varint.append(UInt64(length), to: &out)
                    out.append(contentsOf: template)
                }
            }
            let shift = out.count - offset
            out.append(contentsOf: input[offset...])
            return (out, blockEnds.map { $0 + shift })
        }
    }

    /// Turns a mode-3 stream back into the mode-2 stream it stands for (a plain stream passes as it is), or throws
    /// naming the fault. The result is at most `maxBytes` long.
    func resolving(_ stream: UnsafeBufferPointer<UInt8>, maxLines: Int, maxBytes: Int, section: Int) throws(LogBlockError) -> [UInt8] {
        var input = SectionStreamInput(stream: stream, section: section)
        func fail(_ problem: String) -> LogBlockError { input.fail(problem) }
        guard let mode = stream.first else { throw fail("empty stream") }
        if mode == MessageTemplates.plainMode { return Array(stream) }
        guard mode == Self.referencingMode else { throw fail("unknown mode \(mode) for format version 6") }
        input.offset = 1
        func varint(_ what: String) throws(LogBlockError) -> Int { try input.varint(what) }
        let lineCount = try varint("line count")
        guard lineCount <= maxLines else { throw fail("\(lineCount) lines; the block has \(maxLines)") }
        let templateCount = try varint("template count")
        guard templateCount <= lineCount else { throw fail("\(templateCount) templates for \(lineCount) lines") }
        var out: [UInt8] = [MessageTemplates.shapedMode]
        out.reserveCapacity(stream.count * 2)
        Varint.append(UInt64(lineCount), to: &out)
        Varint.append(UInt64(templateCount), to: &out)
        var previous = templates.count - 1
        for t in 0..<templateCount {
            let reference = try varint("template \(t) reference")
            if reference == 0 {
                let length = try varint("template \(t) length")
                guard length <= input.remaining else { throw fail("template \(t) of \(length) bytes runs past the stream") }
                Varint.append(UInt64(length), to: &out)
                out.append(contentsOf: stream[input.offset..<(input.offset + length)])
                input.offset += length
            } else {
                guard reference <= templates.count else {
                    throw fail("template \(t) refers \(reference) past the previous of \(templates.count) dictionary templates")
                }
                previous = (previous + reference) % templates.count
                let template = templates[previous]
                Varint.append(UInt64(template.count), to: &out)
                out.append(contentsOf: template)
            }
            guard out.count <= maxBytes else { throw fail("its templates resolve to more than \(maxBytes) bytes") }
        }
        guard input.remaining <= maxBytes - out.count else { throw fail("it resolves to more than \(maxBytes) bytes") }
        out.append(contentsOf: stream[input.offset...])
        return out
    }
}

extension TemplateDictionary {
    /// What a version-6 container using this dictionary starts with: its id (varint) and checksum (u32 LE).
    package var containerPrefix: [UInt8] {
        var out: [UInt8] = []
        Varint.append(UInt64(id), to: &out)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: checksum >> UInt32(shift))) }
        return out
    }
}
