import Yams

extension RuleFileLoader {
    static func parseHealth(_ fields: YAMLFields) throws(RuleFileError) -> HealthPolicy {
        let shares: [(String, WritableKeyPath<HealthPolicy, Double>)] = [
            ("degraded_unhealthy_share", \.degradedUnhealthyShare), ("failing_unhealthy_share", \.failingUnhealthyShare),
            ("degraded_error_rate", \.degradedErrorRate), ("failing_error_rate", \.failingErrorRate),
            ("degraded_crash_rate", \.degradedCrashRate), ("failing_crash_rate", \.failingCrashRate),
            ("pass_score", \.passScore), ("marginal_score", \.marginalScore),
            ("alpha", \.alpha), ("effect_tolerance", \.effectTolerance),
        ]
        try fields.refuseUnknown(allowed: Set(shares.map(\.0)).union(["key_metrics", "min_samples", "canary_metrics"]))
        var policy = HealthPolicy()
        for (key, path) in shares {
            if let value = try fields.double(key, atLeast: 0) { policy[keyPath: path] = value }
        }
        if policy.alpha <= 0 || policy.alpha >= 1 { throw fields.error("alpha", "must be between 0 and 1, got \(policy.alpha)") }
        if policy.marginalScore > policy.passScore || policy.passScore > 100 {
            throw fields.error("marginal_score", "must be at most pass_score, and pass_score at most 100")
        }
        if policy.degradedErrorRate > policy.failingErrorRate {
            throw fields.error("degraded_error_rate", "must be at most failing_error_rate")
        }
        if policy.degradedUnhealthyShare > policy.failingUnhealthyShare {
            throw fields.error("degraded_unhealthy_share", "must be at most failing_unhealthy_share")
        }
        if policy.degradedCrashRate > policy.failingCrashRate {
            throw fields.error("degraded_crash_rate", "must be at most failing_crash_rate")
        }
        if fields.node("key_metrics") != nil { policy.keyMetrics = try fields.stringList("key_metrics") }
        if let minSamples = try fields.int("min_samples", range: 1...10_000) { policy.minSamples = minSamples }
        if let node = fields.node("canary_metrics") {
            guard case .sequence(let sequence) = node else { throw fields.error("canary_metrics", "must be a list") }
            for (index, item) in sequence.enumerated() {
                guard let metric = YAMLFields(node: item, path: "health.canary_metrics[\(index)]", context: .file) else {
                    throw fields.error("canary_metrics", "item \(index) must be a mapping")
                }
                try metric.refuseUnknown(allowed: ["name", "direction", "weight", "critical"])
                guard let name = try metric.string("name"), !name.isEmpty else { throw metric.error("name", "is required") }
                let directionText = try metric.string("direction") ?? "increase"
                guard let direction = CanaryMetric.Direction(rawValue: directionText) else {
                    throw metric.error("direction", "must be increase, decrease or either, got \"\(directionText)\"")
                }
                var critical = false
                if let text = try metric.string("critical") {
                    guard let value = Bool(text) else { throw metric.error("critical", "must be true or false, got \"\(text)\"") }
                    critical = value
                }
                policy.canaryMetrics.append(CanaryMetric(name: name, direction: direction,
                                                         weight: try metric.double("weight", atLeast: 0) ?? 1, critical: critical))
            }
        }
        return policy
    }
}
