import IILogsCore
import NIOCore
import Testing

/// Any bytes: a message, "need more", or a typed error, never a trap. Seeded, bounded in count.
@Suite struct WireDecoderGarbageTests {
    /// Decodes until the buffer is exhausted, an error, or no progress; bounded by the byte count.
    private func decodeEverything(_ bytes: [UInt8]) -> (messages: Int, error: WireProtocolError?) {
        var decoder = WireMessageDecoder(limits: WireLimits(maxFrameBytes: 1 << 16, maxUncompressedBatchBytes: 1 << 16))
        var buffer = ByteBuffer(bytes: bytes)
        var messages = 0
        for _ in 0...bytes.count {
            do {
                guard try decoder.decode(buffer: &buffer) != nil else { break }
                messages += 1
            } catch let error as WireProtocolError {
                return (messages, error)
            } catch {
                Issue.record("untyped error \(error)")
                return (messages, nil)
            }
        }
        return (messages, nil)
    }

    @Test func randomBuffers() {
        var rng = SeededRandom(seed: 0x11)
        var errors = 0
        for i in 0..<2_000 {
            let count = Int.random(in: 0...256, using: &rng)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
            // Half of them start with a valid magic and kind so the payload parsers are exercised too.
            if i % 2 == 0 && bytes.count >= 7 {
                bytes[0] = 0x49; bytes[1] = 0x4C; bytes[2] = UInt8.random(in: 1...6, using: &rng)
                bytes[3] = 0; bytes[4] = 0
                let length = UInt16(min(bytes.count - 7, Int(UInt16.random(in: 0...300, using: &rng))))
                bytes[5] = UInt8(length >> 8); bytes[6] = UInt8(length & 0xFF)
            }
            if decodeEverything(bytes).error != nil { errors += 1 }
        }
        #expect(errors > 0)
    }

    @Test func mutationsOfValidFrames() throws {
        var rng = SeededRandom(seed: 0x5EED)
        let frames = WireFixtures.allMessages.map { WireCodec.encodedFrame($0) }
        var decoded = 0
        var failed = 0
        for i in 0..<2_000 {
            var bytes = frames[i % frames.count]
            let mutations = Int.random(in: 1...4, using: &rng)
            for _ in 0..<mutations {
                switch UInt8.random(in: 0...3, using: &rng) {
                case 0: // flip a bit past the header's kind byte
                    let at = Int.random(in: min(3, bytes.count - 1)..<bytes.count, using: &rng)
                    bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &rng)
                case 1: // overwrite a byte
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                case 2: // truncate
                    bytes.removeLast(Int.random(in: 0...min(8, bytes.count - 1), using: &rng))
                default: // set a 32-bit field somewhere to a large value
                    if bytes.count > 11 {
                        let at = Int.random(in: 7...(bytes.count - 4), using: &rng)
                        bytes.replaceSubrange(at..<(at + 4), with: [0x7F, 0xFF, 0xFF, UInt8.random(in: 0...255, using: &rng)])
                    }
                }
            }
            let result = decodeEverything(bytes)
            if result.error != nil { failed += 1 } else if result.messages > 0 { decoded += 1 }
        }
        // Both outcomes occur: the mutations reach the checks, and some leave a still-valid frame.
        #expect(failed > 0)
        #expect(decoded > 0)
    }
}
