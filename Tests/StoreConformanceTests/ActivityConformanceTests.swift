import IILogsCore
import IILogsStore
import Testing

@Suite("Store conformance: imageActivity")
struct ActivityConformanceTests {
    /// Window of 3 steps of 60 s ending at t = 180: steps [0, 60), [60, 120), [120, 180).
    static let query = ActivityQuery(until: T.s(180), step: .seconds(60), steps: 3)

    @Test(arguments: StoreKind.allCases) func chunksCountInTheStepOfTheirNewestLine(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            // Given v1: a chunk inside step 0 (4 lines, 1 error), a chunk spanning steps 0–1 (newest line at 70 s: 3 lines,
            // 2 critical); v2: a chunk in step 2 (5 lines) and one after the window (ignored); v3: only before the window
            _ = try await store.append(batch(identity("i-a"), sequence: 1,
                                             records: lines([(1, "a"), (2, "b"), (3, "c")]) + lines([(4, "boom")], severity: .error)))
            _ = try await store.append(batch(identity("i-b"), sequence: 1,
                                             records: lines([(50, "x")]) + lines([(55, "oom"), (70, "oom")], severity: .critical)))
            _ = try await store.append(batch(identity("i-c", image: "v2"), sequence: 1, records: lines((0..<5).map { (150 + Double($0), "y") })))
            _ = try await store.append(batch(identity("i-c", image: "v2"), sequence: 2, records: lines([(180, "late")])))
            _ = try await store.append(batch(identity("i-d", image: "v3"), sequence: 1,
                                             records: lines([(-10, "old")], severity: .error)))

            // When the activity is asked for
            let activity = try await store.imageActivity(Self.query)

            // Then every image is listed by version, each chunk counted once in its newest line's step
            #expect(activity.map(\.imageVersion) == ["v1", "v2", "v3"])
            #expect(activity[0].lines == [4, 3, 0])
            #expect(activity[0].errorLines == [1, 2, 0])
            #expect(activity[1].lines == [0, 0, 5])
            #expect(activity[1].errorLines == [0, 0, 0])
            #expect(activity[2].lines == [0, 0, 0])
        }
    }

    @Test func stepsAreAnchoredAtUntil() {
        #expect(Self.query.since == T.s(0))
        #expect(Self.query.stepIndex(of: T.s(0)) == 0)
        #expect(Self.query.stepIndex(of: T.s(119.999)) == 1)
        #expect(Self.query.stepIndex(of: T.s(179.999)) == 2)
        #expect(Self.query.stepIndex(of: T.s(180)) == nil)
        #expect(Self.query.stepIndex(of: T.s(-0.001)) == nil)
    }

    @Test(arguments: StoreKind.allCases) func badQueriesAreRefused(kind: StoreKind) async throws {
        try await withStore(kind) { store throws in
            await #expect(throws: StoreError.self) { try await store.imageActivity(ActivityQuery(until: T.s(0), step: .zero, steps: 3)) }
            await #expect(throws: StoreError.self) {
                try await store.imageActivity(ActivityQuery(until: T.s(0), step: .seconds(1), steps: ActivityQuery.maxSteps + 1))
            }
        }
    }
}
