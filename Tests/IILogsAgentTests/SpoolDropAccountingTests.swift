import IILogsAgent
import IILogsCore
import IILogsTesting
import Testing

/// A full spool drops its oldest segment; entries of it already sent count as dropped only once the
/// collector is known not to have stored them (no ack, and above the next welcome's last stored sequence).
@Suite struct SpoolDropAccountingTests {
    /// Fills a spool whose first five entries were handed to the shipper and the first acknowledged,
    /// until its oldest segment is dropped.
    func spoolWithEntriesDroppedInFlight(_ dir: TemporaryDirectory) async throws -> Spool {
        let spool = try openTestSpool(dir.path, maxBytes: 3 * 4096)
        for _ in 1...40 { try await appendTestEntry(spool) }
        #expect(try await spool.entries(after: 0, limit: 5).map(\.sequence) == [1, 2, 3, 4, 5])
        try await spool.acknowledge(1)
        for _ in 1...100 { try await appendTestEntry(spool) }
        #expect(try await spool.entries(after: 0, limit: 1).first?.sequence ?? 0 > 5, "the first segment was dropped")
        return spool
    }

    @Test func entriesInFlightCountOnlyWhenTheCollectorDidNotStoreThem() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try await spoolWithEntriesDroppedInFlight(dir)
        let dropped = await spool.droppedRecords
        #expect(dropped > 0, "entries never sent are counted at once")
        try await spool.acknowledge(2)  // a late ack: stored after all
        #expect(await spool.droppedRecords == dropped)
        // The next welcome says the collector stores up to 3: entries 4 and 5 (10 records each) were lost.
        try await spool.settleDropsInFlight(lastStoredSequence: 3)
        #expect(await spool.droppedRecords == dropped + 20)
        try await spool.settleDropsInFlight(lastStoredSequence: 3)
        #expect(await spool.droppedRecords == dropped + 20, "counted once")
        #expect(await spool.droppedSinceOpen["spool_full"] == dropped + 20)
        let reopened = try openTestSpool(dir.path, maxBytes: 3 * 4096)
        #expect(await reopened.droppedRecords == dropped + 20, "the count is in the ledger")
    }

    @Test func closingCountsEntriesWhoseFateIsUnknown() async throws {
        let dir = try TemporaryDirectory(prefix: "spool")
        defer { dir.remove() }
        let spool = try await spoolWithEntriesDroppedInFlight(dir)
        let dropped = await spool.droppedRecords
        try await spool.close(cleanStop: false)
        #expect(await spool.droppedRecords == dropped + 40, "entries 2–5 are counted rather than hidden")
        let reopened = try openTestSpool(dir.path, maxBytes: 3 * 4096)
        #expect(await reopened.droppedRecords == dropped + 40)
    }
}
