import IILogsCore
import Testing
@testable import IILogsCollector

@Suite struct SyslogBatchAccumulatorTests {
    static let a = InstanceIdentity(instanceID: "i-a", imageVersion: "v1")
    static let b = InstanceIdentity(instanceID: "i-b", imageVersion: "unknown")

    static func record(_ n: Int) -> LogRecord { LogRecord(time: .zero, message: "line \(n)") }

    @Test func defaultsAreTheDocumentedLimits() {
        #expect(SyslogBatchAccumulator.defaultMaxLines == 1_000)
        #expect(SyslogBatchAccumulator.defaultMaxAge == .seconds(1))
    }

    @Test func cutsAtLineCountPerIdentity() {
        var accumulator = SyslogBatchAccumulator(maxLines: 3, maxAge: .seconds(1))
        let now = ContinuousClock.now
        #expect(accumulator.add(Self.record(1), identity: Self.a, at: now) == nil)
        #expect(accumulator.add(Self.record(1), identity: Self.b, at: now) == nil)
        #expect(accumulator.add(Self.record(2), identity: Self.a, at: now) == nil)
        let cut = accumulator.add(Self.record(3), identity: Self.a, at: now)
        #expect(cut?.identity == Self.a)
        #expect(cut?.records.map(\.message) == ["line 1", "line 2", "line 3"])
        #expect(accumulator.pendingCount == 1)
    }

    @Test func cutsByAgeOfTheOldestLine() {
        var accumulator = SyslogBatchAccumulator(maxLines: 1_000, maxAge: .seconds(1))
        let start = ContinuousClock.now
        _ = accumulator.add(Self.record(1), identity: Self.a, at: start)
        _ = accumulator.add(Self.record(1), identity: Self.b, at: start + .milliseconds(600))
        #expect(accumulator.cutDue(at: start + .milliseconds(999)).isEmpty)
        let due = accumulator.cutDue(at: start + .seconds(1))
        #expect(due.map(\.identity) == [Self.a])
        #expect(accumulator.cutDue(at: start + .milliseconds(1_599)).isEmpty)
        #expect(accumulator.cutDue(at: start + .milliseconds(1_600)).map(\.identity) == [Self.b])
        #expect(accumulator.pendingCount == 0)
    }

    @Test func cutsChosenIdentitiesAndEverything() {
        var accumulator = SyslogBatchAccumulator()
        let now = ContinuousClock.now
        _ = accumulator.add(Self.record(1), identity: Self.a, at: now)
        _ = accumulator.add(Self.record(2), identity: Self.b, at: now)
        #expect(accumulator.cut([Self.b]).map(\.identity) == [Self.b])
        #expect(accumulator.cut([Self.b]).isEmpty)
        #expect(accumulator.cutAll().map(\.identity) == [Self.a])
        #expect(accumulator.pendingCount == 0)
    }
}
