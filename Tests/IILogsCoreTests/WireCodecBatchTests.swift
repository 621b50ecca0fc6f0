import IILogsCore
import NIOCore
import Testing

/// The batch checks: the log block's summary and checksum, the side payload's sizes.
@Suite struct WireCodecBatchTests {
    private func expectError(_ batch: Batch, _ code: WireProtocolError.Code, mentioning text: String,
                             limits: WireLimits = .default, sourceLocation: SourceLocation = #_sourceLocation) {
        expectError(WireCodec.encodedFrame(.batch(batch)), code, mentioning: text, limits: limits, sourceLocation: sourceLocation)
    }

    private func expectError(_ bytes: [UInt8], _ code: WireProtocolError.Code, mentioning text: String,
                             limits: WireLimits = .default, sourceLocation: SourceLocation = #_sourceLocation) {
        var buffer = ByteBuffer(bytes: bytes)
        do {
            let message = try WireCodec.decodeFrame(&buffer, limits: limits)
            Issue.record("expected \(code), decoded \(String(describing: message))", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error)", sourceLocation: sourceLocation)
        }
    }

    private func batch(_ change: (inout EncodedLogBlock) -> Void) -> Batch {
        var block = WireFixtures.logBlock()
        change(&block)
        return Batch(instanceID: "i", sequence: 1, logs: block)
    }

    @Test func logBlockIsCarriedAsIs() throws {
        let block = WireFixtures.logBlock()
        let bytes = WireCodec.encodedFrame(.batch(Batch(instanceID: "i", sequence: 1, logs: block)))
        // The compressed bytes appear verbatim in the frame.
        #expect(bytes.count >= block.compressed.count)
        let found = (0...(bytes.count - block.compressed.count)).contains { Array(bytes[$0..<($0 + block.compressed.count)]) == block.compressed }
        #expect(found)
    }

    @Test func wrongChecksum() {
        expectError(batch { $0.checksum &+= 1 }, .malformed, mentioning: "batch.logs.checksum")
        var bytes = WireCodec.encodedFrame(.batch(Batch(instanceID: "i", sequence: 1, logs: WireFixtures.logBlock())))
        // Flip a bit of the compressed bytes (followed by the empty side payload: 8 bytes).
        bytes[bytes.count - 9] ^= 0x01
        expectError(bytes, .malformed, mentioning: "CRC-32")
    }

    @Test func severityCountsMustSumToLineCount() {
        expectError(batch { $0.summary.lineCount = 4 }, .malformed, mentioning: "batch.logs.severityCounts sum to 3, but lineCount is 4")
        expectError(batch { $0.summary.severityCounts[7] = UInt32.max }, .malformed, mentioning: "lineCount is 3")
    }

    /// A block layout this collector cannot read is refused on arrival (kept in the agent's spool), not
    /// stored as a chunk no query could decode.
    @Test func unreadableBlockFormatIsRefused() {
        let newest = LogBlockCodec.readableFormatVersions.upperBound
        expectError(batch { $0.formatVersion = newest + 1 }, .unsupportedVersion,
                    mentioning: "batch.logs.formatVersion \(newest + 1) is not one this collector takes from agents (1–5")
        expectError(batch { $0.formatVersion = 0 }, .unsupportedVersion, mentioning: "batch.logs.formatVersion 0")
    }

    /// Version 6 names a store's template dictionary, which an agent cannot have: the collector reads it from its
    /// own store only, never from the wire.
    @Test func dictionaryBlocksAreRefusedFromTheWire() {
        expectError(batch { $0.formatVersion = LogBlockCodec.dictionaryFormatVersion }, .unsupportedVersion,
                    mentioning: "batch.logs.formatVersion 6 is not one this collector takes from agents (1–5; version 6 refers to a store's template dictionary)")
    }

    @Test func minTimeAfterMaxTime() {
        expectError(batch { $0.summary.minTime = $0.summary.maxTime.adding(nanoseconds: 1) }, .malformed, mentioning: "batch.logs.minTime")
    }

    @Test func uncompressedBytesOverTheLimit() {
        let limits = WireLimits(maxUncompressedBatchBytes: 10)
        expectError(batch { _ in }, .frameTooLarge, mentioning: "batch.logs.uncompressedBytes 36 exceeds maxUncompressedBatchBytes 10", limits: limits)
        let side = Batch(instanceID: "i", sequence: 1, logs: nil, metrics: WireFixtures.metrics)
        expectError(side, .frameTooLarge, mentioning: "batch.side.uncompressedBytes", limits: WireLimits(maxUncompressedBatchBytes: 20))
    }

    @Test func zipBombIsStoppedAtTheDeclaredSize() {
        // A side payload declaring 100 bytes whose stream inflates to 1 MiB of zeros.
        let bomb = Zlib.deflate([UInt8](repeating: 0, count: 1 << 20), level: 9)
        var payload = ByteBuffer()
        payload.writeInteger(UInt32(1)); payload.writeString("i")
        payload.writeInteger(UInt64(1)); payload.writeInteger(UInt64(0)); payload.writeInteger(UInt8(0))
        payload.writeInteger(UInt32(100)); payload.writeInteger(UInt32(bomb.count)); payload.writeBytes(bomb)
        var frame = ByteBuffer(bytes: [0x49, 0x4C, 4])
        frame.writeInteger(UInt32(payload.readableBytes))
        frame.writeBuffer(&payload)
        expectError(Array(frame.readableBytesView), .decompression, mentioning: "batch.side.compressed")
    }

    @Test func unknownFlagBits() {
        var bytes = WireCodec.encodedFrame(.batch(Batch(instanceID: "i", sequence: 1, logs: nil)))
        // header 7 + instanceID 5 + sequence 8 + dropped 8 → flags at 28.
        bytes[28] = 0x80
        expectError(bytes, .malformed, mentioning: "batch.flags 0x80 has unknown bits set")
    }

    @Test func tokenFilterLengthMustBeWords() {
        var block = WireFixtures.logBlock()
        block.summary.tokenFilter = .empty
        var bytes = WireCodec.encodedFrame(.batch(Batch(instanceID: "i", sequence: 1, logs: block)))
        // header 7 + id 5 + 8 + 8 + flags 1 + formatVersion 1 + lineCount 4 + times 16 + counts 32 = 82: filter length.
        #expect(bytes[82...85] == [0, 0, 0, 0])
        bytes[85] = 3
        bytes.insert(contentsOf: [1, 2, 3], at: 86)
        bytes[6] &+= 3
        expectError(bytes, .malformed, mentioning: "batch.logs.tokenFilter length 3 is not a multiple of 8")
    }

    @Test func realLogBlockSurvivesTheWire() throws {
        let records = (0..<50).map { i in
            LogRecord(time: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000 + Int64(i) * 1_000_000), severity: i % 10 == 0 ? .error : .info,
                      hostname: "web-1", app: "api", procID: "42", message: "request \(i) served", fields: [LogField("path", "/v1/items/\(i)")])
        }
        let block = LogBlockCodec.encode(records)
        let batch = Batch(instanceID: "i-1", sequence: 9, logs: block, events: WireFixtures.events)
        var buffer = ByteBuffer(bytes: WireCodec.encodedFrame(.batch(batch)))
        let decoded = try #require(try WireCodec.decodeFrame(&buffer))
        #expect(decoded == .batch(batch))
        guard case .batch(let received) = decoded, let logs = received.logs else { Issue.record("no log block"); return }
        #expect(try LogBlockCodec.decode(logs) == records)
    }
}

