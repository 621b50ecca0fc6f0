import IILogsCore
import IILogsStore
import Testing

@Suite("Store conformance: append")
struct AppendConformanceTests {
    @Test(arguments: StoreKind.allCases) func appendedLinesComeBackPerInstanceAndImage(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            // Given three instances on two images
            #expect(try await store.append(batch(identity("i-a", image: "v1"), sequence: 1, records: lines([(1, "alpha one"), (3, "alpha three")]))) == .stored)
            #expect(try await store.append(batch(identity("i-b", image: "v1"), sequence: 1, records: lines([(2, "bravo two")]))) == .stored)
            #expect(try await store.append(batch(identity("i-c", image: "v2"), sequence: 1, records: lines([(2.5, "charlie")]))) == .stored)
            // Then each scope returns its lines in time order, with identities
            let a = try await store.queryLogs(everything(.instance("i-a")))
            #expect(a.lines.map(\.record.message) == ["alpha one", "alpha three"])
            #expect(a.lines.allSatisfy { $0.instanceID == "i-a" && $0.imageVersion == "v1" })
            let v1 = try await store.queryLogs(everything(.image("v1")))
            #expect(v1.lines.map(\.record.message) == ["alpha one", "bravo two", "alpha three"])
            let all = try await store.queryLogs(everything())
            #expect(all.lines.map(\.record.message) == ["alpha one", "bravo two", "charlie", "alpha three"])
            #expect(try await store.queryLogs(everything(.instance("i-unknown"))).lines.isEmpty)
            #expect(try await store.queryLogs(everything(.image("v9"))).lines.isEmpty)
        }
    }

    @Test(arguments: StoreKind.allCases) func sameBatchTwiceIsStoredOnce(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let first = batch(identity("i-a"), sequence: 1, records: lines([(1, "once")]))
            #expect(try await store.append(first) == .stored)
            #expect(try await store.append(first) == .duplicate)
            #expect(try await store.queryLogs(everything()).lines.count == 1)
            let summary = try #require(try await store.instances(InstanceFilter(now: T.s(1), lostAfter: .seconds(60))).first)
            #expect(summary.delivery.batches == 1)
            #expect(summary.delivery.duplicateBatches == 1)
            #expect(summary.delivery.lines == 1)
            // The same sequence on another stream is a different batch.
            #expect(try await store.append(batch(identity("i-a"), stream: 8, sequence: 1, records: lines([(2, "other stream")]))) == .stored)
        }
    }

    @Test(arguments: StoreKind.allCases) func batchesWithoutStreamAreNeverDeduplicated(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let syslog = batch(identity("i-a"), stream: nil, sequence: 0, records: lines([(1, "syslog line")]))
            #expect(try await store.append(syslog) == .stored)
            #expect(try await store.append(syslog) == .stored)
            #expect(try await store.queryLogs(everything()).lines.count == 2)
        }
    }

    @Test(arguments: StoreKind.allCases) func lateBatchesAreStoredAndGapsCounted(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            #expect(try await store.openStream(identity: identity("i-a"), streamID: 7, at: T.s(0)) == 0)
            #expect(try await store.append(batch(identity("i-a"), sequence: 5, records: lines([(50, "five")]))) == .stored)
            #expect(try await store.append(batch(identity("i-a"), sequence: 2, records: lines([(20, "two, late")]))) == .stored)
            #expect(try await store.openStream(identity: identity("i-a"), streamID: 7, at: T.s(60)) == 5)
            #expect(try await store.openStream(identity: identity("i-a"), streamID: 8, at: T.s(60)) == 0)
            #expect(try await store.queryLogs(everything()).lines.map(\.record.message) == ["two, late", "five"])
            let delivery = try #require(try await store.instances(InstanceFilter(now: T.s(60), lostAfter: .seconds(60))).first).delivery
            #expect(delivery.lastSequence == 5)
            #expect(delivery.sequenceGaps == 3)  // 1, 3, 4 never arrived
        }
    }

    @Test(arguments: StoreKind.allCases) func everyRetryIsADuplicateInWhateverOrderSequencesArriveAndGapsAreListed(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let id = identity("i-a")
            _ = try await store.openStream(identity: id, streamID: 7, at: T.s(0))
            // Sequences arrive out of order: runs start (1, 7, 10), grow at either end (2, 3, 6, 11), and join (5 then 4)
            var stored: [UInt64] = []
            for sequence: UInt64 in [1, 2, 3, 7, 10, 6, 11, 5] {
                #expect(try await store.append(batch(id, sequence: sequence, records: lines([(Double(sequence), "s\(sequence)")]))) == .stored)
                stored.append(sequence)
                // every sequence stored so far, sent again, is a duplicate
                for again in stored {
                    #expect(try await store.append(batch(id, sequence: again, records: lines([(0, "again")]))) == .duplicate, "\(again)")
                }
            }
            #expect(try await store.sequenceGaps(instanceID: "i-a", limit: 10)
                    == [SequenceGap(streamID: 7, firstMissing: 4, lastMissing: 4), SequenceGap(streamID: 7, firstMissing: 8, lastMissing: 9)])
            #expect(try await store.append(batch(id, sequence: 4, records: lines([(4, "s4")]))) == .stored)
            #expect(try await store.append(batch(id, sequence: 4, records: lines([(0, "again")]))) == .duplicate)
            #expect(try await store.append(batch(id, sequence: 7, records: lines([(0, "again")]))) == .duplicate)
            #expect(try await store.sequenceGaps(instanceID: "i-a", limit: 10) == [SequenceGap(streamID: 7, firstMissing: 8, lastMissing: 9)])
            // The same sequence on another stream is a batch of its own
            _ = try await store.openStream(identity: id, streamID: 8, at: T.s(0))
            #expect(try await store.append(batch(id, stream: 8, sequence: 4, records: lines([(4, "other stream")]))) == .stored)
            #expect(try await store.sequenceGaps(instanceID: "i-a", limit: 10)
                    == [SequenceGap(streamID: 7, firstMissing: 8, lastMissing: 9), SequenceGap(streamID: 8, firstMissing: 1, lastMissing: 3)])
            #expect(try await store.queryLogs(everything()).lines.map(\.record.message).filter { $0 == "again" }.isEmpty)
            let delivery = try #require(try await store.instances(InstanceFilter(now: T.s(60), lostAfter: .seconds(60))).first).delivery
            #expect(delivery.batches == 10 && delivery.sequenceGaps == 5)
        }
    }

    @Test(arguments: StoreKind.allCases) func eventsMetricsAndCountersAreRecorded(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            let events = [LifecycleEvent(time: T.s(1), name: .boot, bootID: "boot-1", detail: "uptime 3s", fields: [LogField("k", "v")]),
                          LifecycleEvent(time: T.s(2), name: .ready)]
            let metrics = [MetricSample(time: T.s(2), name: "cpu.busy", value: 0.25, unit: "ratio")]
            #expect(try await store.append(batch(identity("i-a"), sequence: 1, records: lines([(1.5, "hello")]), events: events,
                                                 metrics: metrics, receivedAt: T.s(3), dropped: 4)) == .stored)
            let stored = try await store.events(instanceID: "i-a")
            #expect(stored.map(\.event) == events)
            #expect(stored.allSatisfy { $0.receivedAt == T.s(3) && $0.instanceID == "i-a" })
            let summary = try #require(try await store.instances(InstanceFilter(now: T.s(3), lostAfter: .seconds(60))).first)
            #expect(summary.lastEvent == "ready")
            #expect(summary.lastLogTime == T.s(1.5))
            #expect(summary.lastSeen == T.s(3))
            #expect(summary.delivery.agentDroppedRecords == 4)
            #expect(summary.identity.labels == ["service": "orders"])
            #expect(summary.identity.bootID == "boot-1")
        }
    }

    @Test(arguments: StoreKind.allCases) func concurrentAppendsAllLand(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        for sequence in 1...10 {
                            let records = lines([(Double(sequence), "task \(task) batch \(sequence)")])
                            _ = try await store.append(batch(identity("i-\(task % 3)"), stream: UInt64(task), sequence: UInt64(sequence), records: records))
                        }
                        let retry = batch(identity("i-\(task % 3)"), stream: UInt64(task), sequence: 1, records: lines([(1, "retry")]))
                        #expect(try await store.append(retry) == .duplicate)
                    }
                    group.addTask { _ = try await store.queryLogs(everything()) }
                }
                try await group.waitForAll()
            }
            #expect(try await store.queryLogs(everything()).lines.count == 80)
            let delivery = try await store.instances(InstanceFilter(now: T.s(0), lostAfter: .seconds(60))).map(\.delivery)
            #expect(delivery.map(\.batches).reduce(0, +) == 80)
            #expect(delivery.map(\.duplicateBatches).reduce(0, +) == 8)
            #expect(delivery.map(\.sequenceGaps).reduce(0, +) == 0)
        }
    }

    @Test(arguments: StoreKind.allCases) func closedStoreRefusesCalls(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            await store.close()
            await #expect(throws: StoreError.self) { try await store.append(batch(identity("i-a"), sequence: 1)) }
            await #expect(throws: StoreError.self) { try await store.queryLogs(everything()) }
        }
    }
}
