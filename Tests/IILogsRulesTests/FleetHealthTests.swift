import IILogsCore
import IILogsRules
import Testing

import Foundation

@Suite("Fleet noise and image health")
struct FleetHealthTests {
    typealias H = RuleEngineHarness

    @Test func normalNoiseRaisesNoFlagAndIsHealthy() throws {
        let h = H()
        let fleet = SimulatedFleet(instances: 20, image: "v42", minutes: 30, errorShare: 0.005, seed: 42)
        fleet.run(h)
        #expect(h.drain().map { "\($0.rule) \($0.instanceID): \($0.reason)" } == [])
        #expect(h.engine.counters.lines > 17_700)

        let input = h.engine.healthInput(image: "v42", now: H.at(30 * 60))
        #expect(input.instances.count == 20)
        #expect(input.instances.allSatisfy { $0.state == .alive })
        let report = ImageHealthAnalyzer.analyze(input, policy: h.engine.ruleFile.health)
        #expect(report.verdict == .healthy)
        #expect(report.exitCode == 0)
        #expect(report.reasons.isEmpty)
        #expect(report.instances.total == 20 && report.instances.alive == 20)
        let cpu = try #require(report.keyMetrics.first { $0.name == "cpu.busy" })
        #expect(cpu.count == 20 * 59 && (cpu.p50 ?? 0) > 0.2 && (cpu.p99 ?? 1) < 0.4)
    }

    @Test func fiveTimesTheBaselineErrorRateFails() throws {
        let h = H()
        SimulatedFleet(instances: 20, image: "v41", minutes: 20, errorShare: 0.01, seed: 7).run(h)
        SimulatedFleet(instances: 20, image: "v42", minutes: 20, errorShare: 0.05, seed: 8).run(h)
        #expect(h.drain().isEmpty)
        let now = H.at(20 * 60)
        let baseline = h.engine.healthInput(image: "v41", now: now)
        let canary = h.engine.healthInput(image: "v42", now: now)
        let baselineReport = ImageHealthAnalyzer.analyze(baseline, policy: h.engine.ruleFile.health)
        #expect(baselineReport.verdict == .healthy)

        let report = ImageHealthAnalyzer.analyze(canary, baseline: baseline, policy: h.engine.ruleFile.health)
        #expect(report.verdict == .failing)
        #expect(report.exitCode == 1)
        #expect(report.baselineImageVersion == "v41")
        #expect(report.metrics.map(\.name) == ["error_rate", "crash_rate", "cpu.busy", "mem.used_fraction", "disk.used_fraction"])
        let errorRate = try #require(report.metrics.first)
        #expect(errorRate.classification == .high)
        #expect((errorRate.pValue ?? 1) < 0.0001)
        #expect(report.metrics.dropFirst().allSatisfy { $0.classification == .pass })
        #expect(report.score == 80)
        #expect(report.reasons.first?.hasPrefix("critical metric error_rate is High: higher: mean 0.0") == true, "\(report.reasons)")
        #expect(report.reasons.contains { $0.hasPrefix("error rate ") && $0.hasSuffix("(limit 2%)") }, "\(report.reasons)")
    }

    @Test func reportJSONHasStableFieldNames() throws {
        let baseline = ImageHealthInput(imageVersion: "v41", instances: (0..<5).map {
            InstanceHealth(instanceID: "b\($0)", state: .alive, lines: 1000, errorLines: 10 + $0, metrics: ["cpu.busy": [0.2, 0.3]])
        })
        let canary = ImageHealthInput(imageVersion: "v42", instances: (0..<5).map {
            InstanceHealth(instanceID: "c\($0)", state: $0 == 0 ? .lost : .alive, lines: 1000, errorLines: 200 + $0, metrics: ["cpu.busy": [0.2, 0.3]])
        })
        var policy = HealthPolicy()
        policy.keyMetrics = ["cpu.busy"]
        let report = ImageHealthAnalyzer.analyze(canary, baseline: baseline, policy: policy)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any])
        #expect(json["verdict"] as? String == "failing")
        #expect(json["exitCode"] as? Int == 1)
        #expect(json["score"] as? Double != nil)
        #expect(Set(json.keys).isSuperset(of: ["imageVersion", "baselineImageVersion", "verdict", "score", "instances", "errorRate",
                                               "crashRate", "keyMetrics", "metrics", "reasons"]))
        let metrics = try #require(json["metrics"] as? [[String: Any]])
        let firstMetric = try #require(metrics.first)
        #expect(firstMetric["classification"] as? String == "High")
        #expect(Set(firstMetric.keys).isSuperset(of: ["name", "classification", "reason", "baseline", "canary", "pValue"]))
        let instances = try #require(json["instances"] as? [String: Any])
        #expect(instances["lost"] as? Int == 1)
        // 1 of 5 lost is 20%: degraded on its own; the error rate (20%) and the canary make it failing.
        #expect(report.reasons.contains("1 of 5 instances lost or quarantined (1 lost, 0 quarantined; limit 5%)"), "\(report.reasons)")
    }

    @Test func verdictExitCodesAndOrder() {
        #expect(HealthVerdict.healthy.exitCode == 0)
        #expect(HealthVerdict.failing.exitCode == 1)
        #expect(HealthVerdict.degraded.exitCode == 2)
        #expect([HealthVerdict.degraded, .failing, .healthy].max() == .failing)
        #expect(ImageHealthAnalyzer.analyze(ImageHealthInput(imageVersion: "v9", instances: [])).verdict == .degraded)
    }

    @Test func noDataWhenTooFewValues() {
        let one = ImageHealthInput(imageVersion: "v1", instances: [InstanceHealth(instanceID: "a", state: .alive, lines: 10)])
        let report = ImageHealthAnalyzer.analyze(one, baseline: one)
        #expect(report.metrics.allSatisfy { $0.classification == .noData })
        #expect(report.score == nil)
        #expect(report.verdict == .degraded)
    }
}
