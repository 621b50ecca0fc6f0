import IILogsCore
import IILogsRules
import Testing

@Suite("RuleEngine batches, limits and release")
struct RuleEngineBatchTests {
    typealias H = RuleEngineHarness

    @Test func batchGivesTheSameFlagsWithItsRefs() throws {
        let engine = RuleEngine(ruleFile: .defaults())
        let i = H.identity("i-0ba7c4")
        let records: [Record] = [
            .lifecycle(LifecycleEvent(time: H.at(0), name: .boot, bootID: "b")),
            .log(LogRecord(time: H.at(1), app: "nginx", message: "GET / 200")),
            .log(LogRecord(time: H.at(2), severity: .error, app: "kernel", message: "Out of memory: Killed process 9 (node)")),
            .metric(MetricSample(time: H.at(3), name: "disk.used_fraction", value: 0.99, labels: [LogField("mount", "/")])),
        ]
        let flags = engine.observe(batch: records, instance: i) { EvidenceRef(source: 41, offset: UInt32($0)) }
        try #require(flags.count == 1)
        #expect(flags[0].rule == "oom-kill")
        #expect(flags[0].evidence.map(\.ref) == [EvidenceRef(source: 41, offset: 2)])
        #expect(engine.counters.lines == 2 && engine.counters.samples == 1 && engine.counters.events == 1)
    }

    @Test func instancesBeyondTheLimitAreCountedNotTracked() {
        var limits = EngineLimits()
        limits.maxInstances = 2
        let h = H(limits: limits)
        for n in 0..<3 { h.log(H.identity("i-\(n)"), at: 0, app: "kernel", "Out of memory: Killed process 1 (x)") }
        #expect(h.drain().map(\.instanceID) == ["i-0", "i-1"])
        #expect(h.engine.instanceCount == 2)
        #expect(h.engine.counters.untrackedRecords == 1)
    }

    @Test func releaseLetsARuleFireAgainAndClearsQuarantine() {
        let h = H()
        let i = H.identity("i-0re1")
        h.log(i, at: 0, app: "kernel", "Out of memory: Killed process 1 (x)")
        #expect(h.engine.healthInput(image: "v42", now: H.at(1)).instances.first?.state == .quarantined)
        h.engine.release(instanceID: "i-0re1")
        #expect(h.engine.healthInput(image: "v42", now: H.at(1)).instances.first?.state == .alive)
        h.log(i, at: 2, app: "kernel", "Out of memory: Killed process 2 (x)")
        #expect(h.drain().count == 2)
    }

    @Test func silentInstancesAreForgotten() {
        let h = H()
        h.event(H.identity("i-0old"), at: 0, .shutdown)
        h.tick(at: 6 * 3_600)
        #expect(h.engine.instanceCount == 0)
        #expect(h.engine.counters.forgottenInstances == 1)
    }
}
