import IILogsCore
import IILogsStore
import Testing

@Suite("Store conformance: queryLogs")
struct LogQueryConformanceTests {
    /// Three chunks of i-a: t 0–9 info "boring", t 10–19 with one error "disk full", t 20–29 info "boring".
    static func seed(_ store: any LogStore) async throws {
        for (index, start) in [0.0, 10, 20].enumerated() {
            var records = (0..<10).map { LogRecord(time: T.s(start + Double($0)), app: "svc", message: "boring line \(Int(start) + $0)") }
            if start == 10 { records[5] = LogRecord(time: T.s(15), severity: .error, app: "svc", message: "write failed: Disk FULL on /var") }
            _ = try await store.append(batch(identity("i-a"), sequence: UInt64(index + 1), records: records))
        }
    }

    @Test(arguments: StoreKind.allCases) func grepForARareTokenDecodesOneChunk(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            try await Self.seed(store)
            let result = try await store.queryLogs(LogQuery(scope: .instance("i-a"), grep: "disk full", limit: 0))
            #expect(result.lines.map(\.record.message) == ["write failed: Disk FULL on /var"])
            #expect(result.stats.chunksConsidered == 3)
            #expect(result.stats.chunksSkippedByFilter == 2)
            #expect(result.stats.chunksDecoded == 1)
            #expect(result.stats.linesScanned == 10)
        }
    }

    /// Inside a chunk the grep can match, message sections (one per app) whose filter lacks its tokens stay
    /// compressed; the answer is the same lines.
    @Test(arguments: StoreKind.allCases) func grepLeavesOtherAppsSectionsCompressed(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let records = (0..<300).map { i in
                LogRecord(time: T.s(Double(i)), severity: i % 50 == 7 ? .critical : .info,
                          app: i % 50 == 7 ? "kernel" : ["nginx", "app", "kernel"][i % 3],
                          message: i % 50 == 7 ? "Out of memory: Killed process \(i) (app)" : "request \(i) handled in \(i % 17) ms by worker")
            }
            _ = try await store.append(batch(identity("i-a"), sequence: 1, records: records))
            let grep = try await store.queryLogs(LogQuery(scope: .instance("i-a"), grep: "Out of memory", limit: 0))
            #expect(grep.lines.map(\.record.message) == records.filter { $0.message.hasPrefix("Out of memory") }.map(\.message))
            #expect(grep.stats.chunksDecoded == 1)
            #expect(grep.stats.messageSectionsSkipped == 2, "nginx's and app's sections are not inflated")
            let all = try await store.queryLogs(LogQuery(scope: .instance("i-a"), limit: 0))
            #expect(all.lines.count == 300 && all.stats.messageSectionsSkipped == 0)
            #expect(grep.stats.bytesDecoded < all.stats.bytesDecoded)
        }
    }

    @Test(arguments: StoreKind.allCases) func severityPrunesChunksWithoutErrors(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            try await Self.seed(store)
            let result = try await store.queryLogs(LogQuery(scope: .instance("i-a"), minSeverity: .warning, limit: 0))
            #expect(result.lines.map(\.record.time) == [T.s(15)])
            #expect(result.stats.chunksSkippedBySeverity == 2)
            #expect(result.stats.chunksDecoded == 1)
        }
    }

    @Test(arguments: StoreKind.allCases) func timeRangeIsInclusiveExclusive(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            try await Self.seed(store)
            let result = try await store.queryLogs(LogQuery(scope: .instance("i-a"), since: T.s(9), until: T.s(11), limit: 0))
            #expect(result.lines.map(\.record.time) == [T.s(9), T.s(10)])
            #expect(result.stats.chunksConsidered == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func limitKeepsNewestOrOldestAndStopsEarly(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            try await Self.seed(store)
            let newest = try await store.queryLogs(LogQuery(scope: .instance("i-a"), limit: 3, keep: .newest))
            #expect(newest.lines.map(\.record.time) == [T.s(27), T.s(28), T.s(29)])
            #expect(newest.stats.chunksDecoded == 1)
            let oldest = try await store.queryLogs(LogQuery(scope: .instance("i-a"), limit: 12, keep: .oldest))
            #expect(oldest.lines.map(\.record.time) == (0..<12).map { T.s(Double($0)) })
            #expect(oldest.stats.chunksDecoded == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func appContainsAndGrepFilterLines(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let records = [LogRecord(time: T.s(1), app: "nginx", message: "GET /x took 3ms"),
                           LogRecord(time: T.s(2), app: "api", message: "timeout calling db"),
                           LogRecord(time: T.s(3), app: "api", message: "runtime ok"),
                           LogRecord(time: T.s(4), app: "api", message: "Timeout Calling DB again")]
            _ = try await store.append(batch(identity("i-a"), sequence: 1, records: records))
            func messages(_ query: LogQuery) async throws -> [String] { try await store.queryLogs(query).lines.map(\.record.message) }
            #expect(try await messages(LogQuery(scope: .all, app: "nginx", limit: 0)) == ["GET /x took 3ms"])
            #expect(try await messages(LogQuery(scope: .all, grep: "timeout calling", limit: 0)) == ["timeout calling db", "Timeout Calling DB again"])
            #expect(try await messages(LogQuery(scope: .all, grep: "time", limit: 0)).isEmpty)  // not on a token boundary
            #expect(try await messages(LogQuery(scope: .all, grep: "nginx", limit: 0)) == ["GET /x took 3ms"])  // app names match too
            #expect(try await messages(LogQuery(scope: .all, contains: "untime", limit: 0)) == ["runtime ok"])
            #expect(try await messages(LogQuery(scope: .all, contains: "timeout", limit: 0)) == ["timeout calling db"])  // case-sensitive
            await #expect(throws: StoreError.self) { try await store.queryLogs(LogQuery(scope: .all, limit: -1)) }
        }
    }

    @Test(arguments: StoreKind.allCases) func equalTimesKeepChunkThenLineOrder(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            _ = try await store.append(batch(identity("i-a"), sequence: 1, records: lines([(5, "a1"), (5, "a2")])))
            _ = try await store.append(batch(identity("i-b"), sequence: 1, records: lines([(5, "b1")])))
            _ = try await store.append(batch(identity("i-a"), sequence: 2, records: lines([(5, "a3")])))
            #expect(try await store.queryLogs(everything()).lines.map(\.record.message) == ["a1", "a2", "b1", "a3"])
            #expect(try await store.queryLogs(LogQuery(scope: .all, limit: 2)).lines.map(\.record.message) == ["b1", "a3"])
        }
    }

    @Test(arguments: StoreKind.allCases) func corruptChunkIsSkippedAndCounted(kind: StoreKind) async throws {
        try await withSubject(kind) { subject throws in
                try await Self.seed(subject.store)
                // Given chunk 2's bytes damaged on disk
                try await subject.damageChunk(2)
                // Then the query returns the other chunks' lines and counts the damage
                let result = try await subject.store.queryLogs(everything(.instance("i-a")))
                #expect(result.lines.count == 20)
                #expect(result.stats.chunksCorrupt == 1)
                #expect(result.stats.chunksDecoded == 2)
        }
    }
}
