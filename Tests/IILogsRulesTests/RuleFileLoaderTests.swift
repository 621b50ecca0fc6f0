import IILogsCore
import IILogsRules
import Testing

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

@Suite("RuleFileLoader")
struct RuleFileLoaderTests {
    @Test func defaultsLoadWithEveryKind() throws {
        let file = RuleFile.defaults()
        #expect(file.rules.map(\.name) == ["oom-kill", "kernel-panic", "kernel-oops", "segfault", "filesystem-read-only",
                                           "disk-nearly-full", "instance-lost", "never-ready", "crash-loop", "boot-loop",
                                           "error-rate-outlier"])
        #expect(Set(file.rules.map(\.kind)) == Set(RuleKind.allCases))
        let disk = try #require(file.rules.first { $0.name == "disk-nearly-full" })
        #expect(disk.condition == .metricThreshold(MetricThresholdCondition(metric: "disk.used_fraction", labels: ["mount": "/"],
                                                                             comparison: .above, value: 0.95, holdFor: .seconds(300))))
        #expect(disk.action == .warn)
        #expect(file.health.failingErrorRate == 0.10)
        #expect(file.health.keyMetrics == ["cpu.busy", "mem.used_fraction", "disk.used_fraction"])
    }

    @Test func embeddedDefaultsAreTheShippedFile() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("collector/packaging/rules.yaml")
        let shipped = try String(decoding: Data(contentsOf: url), as: UTF8.self)
        #expect(shipped == DefaultRules.yaml)
    }

    static let valid = """
        rules:
          - name: a
            kind: log_pattern
            action: warn
            contains: x
            window: 1m
          - name: b
            kind: metric_threshold
            action: warn
            metric: disk.used_fraction
            above: 0.9
            for: 5 minutes
        """

    @Test func badDurationNamesRuleFieldAndLine() {
        #expect(throws: RuleFileError(ruleIndex: 1, ruleName: "b", field: "rules[1].for",
                                      problem: "\"5 minutes\" is not a duration (like 30s, 5m, 1h30m)", line: 12)) {
            try RuleFileLoader.load(yaml: Self.valid)
        }
        let error = RuleFileError(ruleIndex: 1, ruleName: "b", field: "rules[1].for", problem: "bad", line: 12)
        #expect(error.description == "rules[1] (b): rules[1].for: bad (line 12)")
    }

    @Test(arguments: [
        ("rules:\n  - name: a\n    kind: log_pattern\n    action: warn\n    contains: x\n    windw: 1m\n", "rules[0].windw", "is not a field here"),
        ("rules:\n  - name: a\n    kind: log_pattern\n    contains: x\n    window: 1m\n", "rules[0].action", "is required"),
        ("rules:\n  - name: a\n    kind: log_pattern\n    action: page\n    contains: x\n    window: 1m\n", "rules[0].action", "must be quarantine or warn"),
        ("rules:\n  - name: a\n    kind: log_patern\n    action: warn\n", "rules[0].kind", "must be one of"),
        ("rules:\n  - name: a\n    kind: log_pattern\n    action: warn\n    regex: \"(unclosed\"\n    window: 1m\n", "rules[0].regex", "is not a valid regular expression"),
        ("rules:\n  - name: a\n    kind: log_pattern\n    action: warn\n    window: 1m\n", "rules[0].contains", "one of `contains` and `regex` is required"),
        ("rules:\n  - name: a\n    kind: log_pattern\n    action: warn\n    contains: x\n    window: 1m\n    threshold: 0\n", "rules[0].threshold", "must be between 1 and"),
        ("rules:\n  - name: a\n    kind: heartbeat_missing\n    action: warn\n    after: 2m\n  - name: a\n    kind: never_ready\n    action: warn\n    within: 5m\n", "rules[1].name", "used by an earlier rule"),
        ("rules:\n  - name: a\n    kind: metric_threshold\n    action: warn\n    metric: m\n", "rules[0].above", "exactly one of"),
        ("rules:\n  - name: a\n    kind: sibling_outlier\n    action: warn\n    window: 90s\n    min_value: 1\n", "rules[0].window", "whole minutes"),
        ("rules:\n  - name: a\n    kind: crash_loop\n    action: warn\n    source: boots\n    app: x\n    window: 5m\n", "rules[0].app", "only allowed with source: restarts"),
        ("rules: []\nhealth:\n  pass_score: 50\n  marginal_score: 80\n", "health.marginal_score", "at most pass_score"),
        ("rules: {}\n", "rules", "must be a list"),
    ])
    func refusesWithTheFieldNamed(yaml: String, field: String, problem: String) {
        do {
            _ = try RuleFileLoader.load(yaml: yaml)
            Issue.record("loaded a bad rule file")
        } catch {
            #expect(error.field == field)
            #expect(error.problem.contains(problem), "\(error)")
        }
    }

    @Test func notYAMLIsRefused() {
        #expect(throws: RuleFileError.self) { try RuleFileLoader.load(yaml: "rules: [\n  - : :\n") }
    }
}
