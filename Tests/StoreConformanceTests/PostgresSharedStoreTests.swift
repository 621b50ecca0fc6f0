import IILogsCore
import IILogsPostgresStore
import IILogsStore
import PostgresNIO
import Synchronization
import Testing

/// What only a shared PostgreSQL store has to get right: several collectors on one database.
@Suite("PostgresStore shared by collectors")
struct PostgresSharedStoreTests {
    @Test func collectorsStartingTogetherMigrateOnce() async throws {
        let url = try await TestPostgresServer.createDatabase()
        // Given four collectors opening a fresh database at the same moment
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<4 { group.addTask { try await PostgresStore.open(url: url, logger: testLogger) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        // Then every one works on the same tables
        #expect(try await stores[0].append(batch(identity("i-a"), sequence: 1, records: lines([(1, "one")]))) == .stored)
        for store in stores { #expect(try await store.queryLogs(everything()).lines.map(\.record.message) == ["one"]) }
        for store in stores { await store.close() }
        await TestPostgresServer.dropDatabase(url)
    }

    @Test func aBatchRetriedThroughAnotherCollectorIsStoredOnce() async throws {
        try await withSubject(.postgres) { subject throws in
            let other = try await subject.openAnother()
            // Given a batch stored through collector A, whose ack the agent never saw
            let first = batch(identity("i-a"), sequence: 1, records: lines([(1, "once")]))
            #expect(try await subject.store.append(first) == .stored)
            // When the agent reconnects to collector B: B's welcome says what is stored, and a resend is a duplicate
            #expect(try await other.openStream(identity: identity("i-a"), streamID: 7, at: T.s(2)) == 1)
            #expect(try await other.append(first) == .duplicate)
            #expect(try await other.append(batch(identity("i-a"), sequence: 2, records: lines([(2, "twice")]))) == .stored)
            // Then both collectors answer with every line exactly once
            for store in [subject.store, other] {
                #expect(try await store.queryLogs(everything()).lines.map(\.record.message) == ["once", "twice"])
            }
            let delivery = try #require(try await other.instances(InstanceFilter(now: T.s(2), lostAfter: .seconds(60))).first).delivery
            #expect(delivery.batches == 2 && delivery.duplicateBatches == 1 && delivery.sequenceGaps == 0)
            await other.close()
        }
    }

    @Test func aTailSeesEveryLineOnceWhileTwoCollectorsWrite() async throws {
        try await withSubject(.postgres) { subject throws in
            let other = try await subject.openAnother()
            let query = LogQuery(scope: .all, limit: 0)
            var cursor = try await subject.store.tailLogs(query, after: nil, maxLines: 1_000, maxChunks: 100).cursor
            var seen: [String] = []
            // Given two collectors appending concurrently (commits interleave, chunk ids are not in commit order)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (n, store) in [subject.store, other].enumerated() {
                    group.addTask {
                        for sequence in 1...40 {
                            _ = try await store.append(batch(identity("i-\(n)"), sequence: UInt64(sequence),
                                                             records: lines([(Double(sequence), "c\(n)-\(sequence)")])))
                        }
                    }
                }
                try await group.waitForAll()
            }
            for _ in 0..<100 {
                let page = try await other.tailLogs(query, after: cursor, maxLines: 7, maxChunks: 5)
                seen += page.lines.map(\.record.message)
                cursor = page.cursor
                if !page.hasMore { break }
            }
            // Then a tail reading small pages afterwards gets every line exactly once
            #expect(seen.count == 80)
            #expect(Set(seen).count == 80)
            await other.close()
        }
    }

    @Test func aTailPollingDuringConcurrentWritesLosesAndRepeatsNothing() async throws {
        try await withSubject(.postgres) { subject throws in
            let other = try await subject.openAnother()
            let query = LogQuery(scope: .all, limit: 0)
            let start = try await subject.store.tailLogs(query, after: nil, maxLines: 1_000, maxChunks: 100).cursor
            let done = Mutex(false)
            // Given three writers per collector appending concurrently
            let writers = Task {
                defer { done.withLock { $0 = true } }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (n, store) in [subject.store, other].enumerated() {
                        for lane in 0..<3 {
                            group.addTask {
                                for sequence in 1...15 {
                                    _ = try await store.append(batch(identity("i-\(n)"), stream: UInt64(lane), sequence: UInt64(sequence),
                                                                     records: lines([(Double(sequence), "c\(n)-\(lane)-\(sequence)")])))
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            // When a tail polls with small pages while they write, until a poll after they finished has nothing more
            var cursor = start
            var seen: [String] = []
            for _ in 0..<5_000 {
                let finishedBefore = done.withLock { $0 }
                let page = try await subject.store.tailLogs(query, after: cursor, maxLines: 5, maxChunks: 3)
                seen += page.lines.map(\.record.message)
                cursor = page.cursor
                if page.hasMore { continue }
                if finishedBefore { break }
                try await Task.sleep(for: .milliseconds(2))
            }
            try await writers.value
            // Then every committed line came exactly once
            #expect(seen.count == 90)
            #expect(Set(seen).count == 90)
            await other.close()
        }
    }

    @Test func retentionDropsWholeDayPartitions() async throws {
        try await withSubject(.postgres) { subject throws in
            let store = subject.store
            let day = 86_400.0
            // Given lines on day 0 and day 5 of an instance nobody pins
            _ = try await store.openStream(identity: identity("i-a"), streamID: 7, at: T.s(0))
            _ = try await store.append(batch(identity("i-a"), sequence: 1, records: lines([(1, "old a"), (2, "old b")]),
                                             events: [LifecycleEvent(time: T.s(0), name: .boot)], receivedAt: T.s(3)))
            _ = try await store.append(batch(identity("i-a"), sequence: 2, records: lines([(5 * day, "new")]),
                                             events: [LifecycleEvent(time: T.s(5 * day + 1), name: .shutdown)], receivedAt: T.s(5 * day + 1)))
            #expect(try await Self.partitions(subject).count == 2)
            // When retention keeps two days
            let outcome = try await store.applyRetention(RetentionPolicy(cutoff: T.s(3 * day), now: T.s(5 * day + 2), lostAfter: .seconds(60)))
            // Then day 0's partition is dropped whole, and later days stay
            #expect(outcome.logChunksDeleted == 1 && outcome.linesDeleted == 2)
            #expect(try await Self.partitions(subject).count == 1)
            #expect(try await store.queryLogs(everything()).lines.map(\.record.message) == ["new"])
            // And a late line for day 0 recreates its partition
            _ = try await store.append(batch(identity("i-a"), sequence: 3, records: lines([(1.5, "late")]), receivedAt: T.s(5 * day + 3)))
            #expect(try await store.queryLogs(everything()).lines.map(\.record.message) == ["late", "new"])
        }
    }

    static func partitions(_ subject: StoreUnderTest) async throws -> [String] {
        try await subject.rows("SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'chunks'::regclass")
    }
}
