import IILogsCore
import NIOCore

/// One message through the syslog parser: a record or a typed error, and what it yields stays
/// within the documented field limits.
enum SyslogMessageFuzzer {
    static func run(_ bytes: [UInt8]) {
        let receivedAt = Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000)
        switch SyslogParser.parse(bytes, receivedAt: receivedAt) {
        case .success(let message):
            let record = message.logRecord(receivedAt: receivedAt)
            FuzzInvariant.check(record.app.utf8.count <= SyslogParser.maxHeaderFieldBytes * 4,
                                "app of \(record.app.utf8.count) bytes", target: .syslogMessage)
        case .failure:
            break
        }
    }
}

/// A TCP stream through RFC 6587 framing, whole and drip-fed: the same frames and the same error.
enum SyslogStreamFuzzer {
    static let maxMessageBytes = 512

    static func run(_ bytes: [UInt8]) {
        let whole = frames(bytes, pieceSize: bytes.count)
        let dripped = frames(bytes, pieceSize: max(1, Int(bytes.last ?? 1) % 5 + 1))
        FuzzInvariant.check(whole.frames == dripped.frames, "one buffer and drip-fed framing differ", target: .syslogStream)
        FuzzInvariant.check(whole.failed == dripped.failed, "one failed and the other did not", target: .syslogStream)
        for frame in whole.frames {
            FuzzInvariant.check(frame.bytes.count <= maxMessageBytes, "frame of \(frame.bytes.count) bytes passed the limit",
                                target: .syslogStream)
        }
    }

    struct Frame: Equatable {
        var bytes: [UInt8]
        var truncated: Bool
    }

    static func frames(_ bytes: [UInt8], pieceSize: Int) -> (frames: [Frame], failed: Bool) {
        var decoder = SyslogFramingDecoder(maxMessageBytes: maxMessageBytes)
        var buffer = ByteBuffer()
        var out: [Frame] = []
        var offset = 0
        do {
            repeat {
                let end = min(bytes.count, offset + max(1, pieceSize))
                buffer.writeBytes(bytes[offset..<end])
                offset = end
                while let frame = try decoder.decode(buffer: &buffer) {
                    out.append(Frame(bytes: Array(frame.bytes.readableBytesView), truncated: frame.truncated))
                }
            } while offset < bytes.count
            while let frame = try decoder.decodeLast(buffer: &buffer, seenEOF: true) {
                out.append(Frame(bytes: Array(frame.bytes.readableBytesView), truncated: frame.truncated))
            }
            return (out, false)
        } catch {
            return (out, true)
        }
    }
}
