import IILogsCore
import IILogsStore
import Testing

@Suite("Store conformance: tailLogs")
struct LogTailConformanceTests {
    static let page = (lines: 1_000, chunks: 100)

    private func tail(_ store: any LogStore, _ query: LogQuery, after cursor: LogTailCursor?,
                      maxLines: Int = page.lines, maxChunks: Int = page.chunks) async throws -> LogTailPage {
        try await store.tailLogs(query, after: cursor, maxLines: maxLines, maxChunks: maxChunks)
    }

    @Test(arguments: StoreKind.allCases) func linesCommittedAfterTheBacklogComeOnceInCommitOrder(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            // Given two chunks of i-a stored before the tail starts
            _ = try await store.append(batch(identity("i-a"), sequence: 1, records: lines([(1, "a1"), (2, "a2")])))
            _ = try await store.append(batch(identity("i-a"), sequence: 2, records: lines([(3, "a3")])))

            // When the tail starts, its backlog is the query's answer
            let query = LogQuery(scope: .instance("i-a"), limit: 0)
            let first = try await tail(store, query, after: nil)
            #expect(first.lines.map(\.record.message) == ["a1", "a2", "a3"])

            // Then a poll with nothing new returns nothing and keeps the position
            let idle = try await tail(store, query, after: first.cursor)
            #expect(idle.lines.isEmpty && idle.cursor == first.cursor && !idle.hasMore)

            // And lines committed later come once, in commit order even when their timestamps are older
            _ = try await store.append(batch(identity("i-a"), sequence: 3, records: lines([(10, "a4"), (11, "a5")])))
            _ = try await store.append(batch(identity("i-a"), sequence: 4, records: lines([(0.5, "a6-late")])))
            let next = try await tail(store, query, after: idle.cursor)
            #expect(next.lines.map(\.record.message) == ["a4", "a5", "a6-late"])
            #expect(next.lines.allSatisfy { $0.instanceID == "i-a" && $0.imageVersion == "v1" })
            let after = try await tail(store, query, after: next.cursor)
            #expect(after.lines.isEmpty)
            #expect(after.cursor == next.cursor)
        }
    }

    @Test(arguments: StoreKind.allCases) func scopeAndLineFiltersApplyToFollowedLines(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            _ = try await store.append(batch(identity("i-a"), sequence: 1, records: lines([(1, "old")])))
            let query = LogQuery(scope: .instance("i-a"), minSeverity: .warning, grep: "disk full", limit: 0)
            let start = try await tail(store, query, after: nil)
            #expect(start.lines.isEmpty)

            // Given new chunks of another instance, of i-a below the severity, and of i-a matching or not the phrase
            _ = try await store.append(batch(identity("i-b"), sequence: 1, records: lines([(2, "disk full")], severity: .error)))
            _ = try await store.append(batch(identity("i-a"), sequence: 2, records: lines([(3, "disk full")], severity: .info)))
            _ = try await store.append(batch(identity("i-a"), sequence: 3, records: lines([(4, "write failed: Disk Full"), (5, "disk is fine")],
                                                                                         severity: .error)))
            // Then only i-a's error line with the phrase comes
            let page = try await tail(store, query, after: start.cursor)
            #expect(page.lines.map(\.record.message) == ["write failed: Disk Full"])

            // And an image scope sees both instances of the image
            let image = try await tail(store, LogQuery(scope: .image("v1"), grep: "disk full", limit: 0), after: start.cursor)
            #expect(image.lines.map(\.instanceID) == ["i-b", "i-a", "i-a"])
        }
    }

    @Test(arguments: StoreKind.allCases) func anInstanceUnknownWhenTheTailStartsIsFollowedOnceItAppears(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            _ = try await store.append(batch(identity("i-other"), sequence: 1, records: lines([(1, "x")])))
            let query = LogQuery(scope: .instance("i-new"), limit: 0)
            let start = try await tail(store, query, after: nil)
            let idle = try await tail(store, query, after: start.cursor)
            #expect(start.lines.isEmpty && idle.lines.isEmpty)
            _ = try await store.append(batch(identity("i-new"), sequence: 1, records: lines([(2, "hello")])))
            let page = try await tail(store, query, after: idle.cursor)
            #expect(page.lines.map(\.record.message) == ["hello"])
        }
    }

    @Test(arguments: StoreKind.allCases) func pagesStopAtTheLimitsOnChunkBoundariesWithoutLosingLines(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let query = LogQuery(scope: .all, limit: 0)
            let start = try await tail(store, query, after: nil)
            #expect(start.cursor == .beginning)
            for n in 1...5 {
                let records = lines([(Double(n), "c\(n)-1"), (Double(n) + 0.5, "c\(n)-2")])
                _ = try await store.append(batch(identity("i-a"), sequence: UInt64(n), records: records))
            }
            // When pages of at most 3 lines (whole chunks: 4) or 1 chunk are read until there is no more
            for (maxLines, maxChunks) in [(3, 100), (1_000, 1)] {
                var cursor = start.cursor
                var messages: [String] = []
                for _ in 0..<10 {
                    let page = try await tail(store, query, after: cursor, maxLines: maxLines, maxChunks: maxChunks)
                    messages += page.lines.map(\.record.message)
                    cursor = page.cursor
                    if !page.hasMore { break }
                }
                // Then every line came exactly once, in commit order
                #expect(messages == (1...5).flatMap { ["c\($0)-1", "c\($0)-2"] }, "maxLines \(maxLines) maxChunks \(maxChunks)")
            }
            await #expect(throws: StoreError.self) { try await store.tailLogs(query, after: nil, maxLines: 0, maxChunks: 1) }
        }
    }
}
