/// zlib streams made only of stored (uncompressed) deflate blocks, as `Zlib.deflate(_, level: 0)` writes them,
/// so a fuzz target can make a mutated stream's Adler-32 match its payload — the way the targets make a
/// block's CRC-32 match — and the decoder behind the zlib layer sees the mutation.
enum StoredZlib {
    /// Adler-32 of `bytes` (RFC 1950).
    static func adler32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }

    /// Where the stored payload of the zlib stream at `range` of `bytes` ends and its Adler-32 begins, with the
    /// payload; nil when the stream is not a well-formed run of stored blocks ending with the final one and
    /// exactly 4 trailer bytes.
    static func storedPayload(_ bytes: [UInt8], _ range: Range<Int>) -> (payload: [UInt8], trailer: Int)? {
        guard range.count >= 2 + 4 else { return nil }
        let cmf = bytes[range.lowerBound], flg = bytes[range.lowerBound + 1]
        guard cmf & 0x0F == 8, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0, flg & 0x20 == 0 else { return nil }
        var offset = range.lowerBound + 2
        var payload: [UInt8] = []
        while true {
            guard offset + 5 <= range.upperBound else { return nil }
            let header = bytes[offset]
            guard header & 0x06 == 0 else { return nil }  // BTYPE 00: stored
            let length = Int(bytes[offset + 1]) | Int(bytes[offset + 2]) << 8
            let complement = Int(bytes[offset + 3]) | Int(bytes[offset + 4]) << 8
            guard length ^ complement == 0xFFFF, offset + 5 + length <= range.upperBound else { return nil }
            payload += bytes[(offset + 5)..<(offset + 5 + length)]
            offset += 5 + length
            if header & 0x01 == 1 { break }  // BFINAL
        }
        guard offset + 4 == range.upperBound else { return nil }
        return (payload, offset)
    }

    /// Rewrites the Adler-32 of every stored-only stream at `ranges` of `bytes` to match its payload.
    static func repairChecksums(_ bytes: inout [UInt8], streams ranges: [Range<Int>]) {
        for range in ranges {
            guard let (payload, trailer) = storedPayload(bytes, range) else { continue }
            let adler = adler32(payload)
            for k in 0..<4 { bytes[trailer + k] = UInt8(truncatingIfNeeded: adler >> UInt32(24 - 8 * k)) }
        }
    }

    /// `container` (a version-2 to -6 block's `compressed` bytes, docs/CHUNK-FORMAT.md) with the Adler-32 of
    /// its stored-only meta and section streams made to match; unchanged when its header does not read.
    static func repairingChecksums(in container: [UInt8], formatVersion: UInt8) -> [UInt8] {
        guard let streams = streamRanges(container, formatVersion: formatVersion) else { return container }
        var out = container
        repairChecksums(&out, streams: streams)
        return out
    }

    /// The meta stream's and each section stream's bytes in `container`, read from its header as
    /// `LogBlockContainer.parse` lays it out (nil when the header does not read or the streams do not fit).
    /// Version 6's header starts with the template dictionary's id (varint) and checksum (4 bytes).
    static func streamRanges(_ container: [UInt8], formatVersion: UInt8) -> [Range<Int>]? {
        var offset = 0
        func varint() -> Int? {
            var value = 0
            var shift = 0
            while offset < container.count, shift < 35 {
                let byte = container[offset]
                offset += 1
                value |= Int(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
        if formatVersion >= 6 {
            guard varint() != nil, container.count - offset >= 4 else { return nil }
            offset += 4
        }
        guard varint() != nil, let metaLength = varint(), let sectionCount = varint(), sectionCount <= 16 else { return nil }
        var lengths = [metaLength]
        for _ in 0..<sectionCount {
            guard let appCount = varint(), appCount <= container.count - offset else { return nil }
            for _ in 0..<appCount { guard varint() != nil else { return nil } }
            guard varint() != nil else { return nil }  // inflatedLength
            if formatVersion >= 3 { guard varint() != nil else { return nil } }  // streamLength
            guard let compressedLength = varint(), let filterLength = varint(), filterLength <= container.count - offset else { return nil }
            offset += filterLength
            lengths.append(compressedLength)
        }
        var ranges: [Range<Int>] = []
        for length in lengths {
            guard length <= container.count - offset else { return nil }
            ranges.append(offset..<(offset + length))
            offset += length
        }
        return ranges
    }
}
