import IILogsCore
import IILogsStore
import Testing

/// Prints append throughput for pre-encoded 1,000-line blocks; never asserts on time.
@Suite("SQLiteStore throughput (printed)")
struct SQLiteStoreThroughputTests {
    @Test(arguments: [SQLiteSynchronous.full, .normal])
    func appendsOfThousandLineBlocks(synchronous: SQLiteSynchronous) async throws {
        let folder = TemporaryStoreFolder()
        let store = try SQLiteStore(directory: folder.path, synchronous: synchronous, logger: testLogger)
        let records = (0..<1_000).map { LogRecord(time: T.s(Double($0) / 1000), app: "svc", message: "GET /api/v2/orders/\($0 * 7919 % 100_000) 200 rt=0.0\($0 % 97) req_id=\(String(UInt64($0) &* 0x9E37_79B9_7F4A_7C15, radix: 16))") }
        let block = LogBlockCodec.encode(records)
        let appends = 400
        let clock = ContinuousClock()
        let senders = 8  // concurrent connections, as a collector has: lets group commit share fsyncs
        let elapsed = try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for sender in 0..<senders {
                    group.addTask {
                        for sequence in 1...(appends / senders) {
                            let b = IngestBatch(identity: identity("i-\(sender)"), stream: StreamPosition(streamID: 1, sequence: UInt64(sequence)),
                                                receivedAt: T.s(Double(sequence)), logs: block)
                            _ = try await store.append(b)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("SQLiteStore synchronous=\(synchronous.rawValue): \(Int(Double(appends) / seconds)) appends/s, \(Int(Double(appends * 1_000) / seconds)) lines/s (1,000-line blocks, \(block.compressed.count) B each, \(senders) concurrent senders)")
        #expect(try await store.queryLogs(LogQuery(scope: .all, limit: 1)).lines.count == 1)
        await store.close()
    }
}
