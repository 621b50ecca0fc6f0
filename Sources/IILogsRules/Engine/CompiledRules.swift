import IILogsCore

/// The rule file split by kind, each rule with its index in the file, ready for the hot paths.
struct CompiledRules {
    struct LogRule {
        let rule: Rule
        let matcher: LogMatcher
        let window: Int64
        let threshold: Int
    }
    struct MetricRule {
        let rule: Rule
        let condition: MetricThresholdCondition
        let holdFor: Int64
    }
    struct TimerRule {
        let rule: Rule
        let limit: Int64
    }
    struct CrashRule {
        let rule: Rule
        let matcher: LogMatcher?  // nil: boots
        let count: Int
        let window: Int64
    }
    struct OutlierRule {
        let rule: Rule
        let condition: SiblingOutlierCondition
        let windowMinutes: Int
    }

    var logs: [LogRule] = []
    /// Indexes into `logs` and `restarts` of the rules that can match a line of an app: the per-line
    /// prefilter, one dictionary lookup by app. Rules without an app filter are in `anyApp`.
    var byApp: [String: Candidates] = [:]
    var anyApp = Candidates()

    struct Candidates {
        var logs: [Int] = []
        var restarts: [Int] = []
    }
    var metrics: [MetricRule] = []
    var heartbeats: [TimerRule] = []
    var neverReady: [TimerRule] = []
    var restarts: [CrashRule] = []
    var boots: [CrashRule] = []
    var outliers: [OutlierRule] = []

    init(_ rules: [Rule]) {
        for rule in rules {
            switch rule.condition {
            case .logPattern(let c):
                logs.append(LogRule(rule: rule, matcher: LogMatcher(c.match), window: c.window.totalNanoseconds, threshold: c.threshold))
                if c.match.apps.isEmpty {
                    anyApp.logs.append(logs.count - 1)
                } else {
                    for app in Set(c.match.apps) { byApp[app, default: Candidates()].logs.append(logs.count - 1) }
                }
            case .metricThreshold(let c):
                metrics.append(MetricRule(rule: rule, condition: c, holdFor: c.holdFor.totalNanoseconds))
            case .heartbeatMissing(let c):
                heartbeats.append(TimerRule(rule: rule, limit: c.after.totalNanoseconds))
            case .neverReady(let c):
                neverReady.append(TimerRule(rule: rule, limit: c.within.totalNanoseconds))
            case .crashLoop(let c):
                switch c.source {
                case .boots:
                    boots.append(CrashRule(rule: rule, matcher: nil, count: c.count, window: c.window.totalNanoseconds))
                case .restarts(let match):
                    restarts.append(CrashRule(rule: rule, matcher: LogMatcher(match), count: c.count, window: c.window.totalNanoseconds))
                    if match.apps.isEmpty {
                        anyApp.restarts.append(restarts.count - 1)
                    } else {
                        for app in Set(match.apps) { byApp[app, default: Candidates()].restarts.append(restarts.count - 1) }
                    }
                }
            case .siblingOutlier(let c):
                outliers.append(OutlierRule(rule: rule, condition: c, windowMinutes: Int(c.window.totalNanoseconds / 60_000_000_000)))
            }
        }
    }
}
