import IILogsCore
import NIOCore

/// Decodes frames from the bytes as one buffer and again drip-fed in small pieces; both must give
/// the same messages and the same final error, and every decoded message must re-encode stably.
enum WireStreamFuzzer {
    /// Small limits so the fuzzer reaches the limit checks without megabyte inputs.
    static let limits = WireLimits(maxFrameBytes: 1 << 20)

    static func run(_ bytes: [UInt8]) {
        let whole = decodeAll(bytes, pieceSize: bytes.count)
        let dripped = decodeAll(bytes, pieceSize: max(1, Int(bytes.first ?? 1) % 7 + 1))
        FuzzInvariant.check(whole.frames == dripped.frames, "one buffer and drip-fed decodes differ", target: .wireStream)
        FuzzInvariant.check(whole.error == dripped.error, "errors differ: \(whole.error ?? "nil") vs \(dripped.error ?? "nil")",
                            target: .wireStream)
        for frame in whole.frames {
            var buffer = ByteBuffer(bytes: frame)
            do {
                guard let again = try WireCodec.decodeFrame(&buffer, limits: limits) else {
                    FuzzInvariant.check(false, "a re-encoded frame is incomplete", target: .wireStream)
                    return
                }
                FuzzInvariant.check(WireCodec.encodedFrame(again) == frame, "re-encoding is not stable", target: .wireStream)
            } catch {
                FuzzInvariant.check(false, "a re-encoded frame does not decode: \(error)", target: .wireStream)
            }
        }
    }

    /// The re-encoded frames of every message decoded, and the error that stopped decoding.
    static func decodeAll(_ bytes: [UInt8], pieceSize: Int) -> (frames: [[UInt8]], error: String?) {
        var decoder = WireMessageDecoder(limits: limits)
        var buffer = ByteBuffer()
        var frames: [[UInt8]] = []
        var offset = 0
        do {
            repeat {
                let end = min(bytes.count, offset + max(1, pieceSize))
                buffer.writeBytes(bytes[offset..<end])
                offset = end
                while let message = try decoder.decode(buffer: &buffer) {
                    frames.append(WireCodec.encodedFrame(message))
                    if case .batch(let batch) = message, let logs = batch.logs {
                        _ = try? LogBlockCodec.decode(logs)
                    }
                }
            } while offset < bytes.count
            _ = try decoder.decodeLast(buffer: &buffer, seenEOF: true)
            return (frames, nil)
        } catch let error as WireProtocolError {
            return (frames, "\(error.code)")
        } catch {
            return (frames, "\(error)")
        }
    }
}
