extension ImageHealthAnalyzer {
    /// The canary comparison, in the manner of Kayenta's Mann–Whitney classifier: per metric, NoData
    /// when either side has fewer than ``HealthPolicy/minSamples`` values; else High (Low) when the
    /// directional U test is significant at ``HealthPolicy/alpha`` *and* the canary's mean exceeds
    /// (falls short of) the baseline's by more than ``HealthPolicy/effectTolerance``; else Pass.
    /// A change in the harmless direction is a Pass. Score = 100 × Σ weight(Pass) / Σ weight(not NoData).
    public static func compare(canary: ImageHealthInput, baseline: ImageHealthInput, policy: HealthPolicy)
        -> (metrics: [CanaryMetricResult], score: Double?, findings: [(HealthVerdict, String)]) {
        var results: [CanaryMetricResult] = []
        var findings: [(HealthVerdict, String)] = []
        for metric in policy.effectiveCanaryMetrics {
            let result = classify(metric, canary: values(of: metric.name, in: canary), baseline: values(of: metric.name, in: baseline), policy: policy)
            if metric.critical && (result.classification == .high || result.classification == .low) {
                findings.append((.failing, "critical metric \(metric.name) is \(result.classification.rawValue): \(result.reason)"))
            }
            results.append(result)
        }
        let judged = results.filter { $0.classification != .noData }
        let total = judged.reduce(0) { $0 + $1.weight }
        guard total > 0 else {
            findings.append((.degraded, "no metric has enough data to compare \(canary.imageVersion) with \(baseline.imageVersion)"))
            return (results, nil, findings)
        }
        let score = 100 * judged.filter { $0.classification == .pass }.reduce(0) { $0 + $1.weight } / total
        let failed = judged.filter { $0.classification != .pass }.map { "\($0.name) \($0.classification.rawValue)" }.joined(separator: ", ")
        let summary = "canary score \(rounded(score)) vs baseline \(baseline.imageVersion)" + (failed.isEmpty ? "" : " (\(failed))")
        if score < policy.marginalScore {
            findings.append((.failing, "\(summary) is below the marginal score \(rounded(policy.marginalScore))"))
        } else if score < policy.passScore {
            findings.append((.degraded, "\(summary) is below the pass score \(rounded(policy.passScore))"))
        }
        return (results, score, findings)
    }

    static func classify(_ metric: CanaryMetric, canary: [Double], baseline: [Double], policy: HealthPolicy) -> CanaryMetricResult {
        var result = CanaryMetricResult(
            name: metric.name, classification: .noData, reason: "", baseline: MetricSummary(name: metric.name, values: baseline),
            canary: MetricSummary(name: metric.name, values: canary), pValue: nil, direction: metric.direction,
            weight: metric.weight, critical: metric.critical)
        guard canary.count >= policy.minSamples, baseline.count >= policy.minSamples else {
            result.reason = "\(canary.count) canary and \(baseline.count) baseline values; at least \(policy.minSamples) each needed"
            return result
        }
        let alternative: MannWhitneyU.Alternative = switch metric.direction {
        case .increase: .greater
        case .decrease: .less
        case .either: .twoSided
        }
        let test = MannWhitneyU.test(canary, baseline, alternative: alternative)
        let p = test?.pValue ?? 1
        result.pValue = p
        let canaryMean = result.canary.mean ?? 0
        let baselineMean = result.baseline.mean ?? 0
        let change: Double = baselineMean != 0 ? (canaryMean - baselineMean) / abs(baselineMean)
            : (canaryMean == 0 ? 0 : (canaryMean > 0 ? .infinity : -.infinity))
        let changeText = change.isFinite ? "\(change >= 0 ? "+" : "")\(rounded(change * 100))%" : "from 0"
        let means = "mean \(rounded4(canaryMean)) vs baseline \(rounded4(baselineMean)) (\(changeText)), p=\(pText(p))"
        let significant = p < policy.alpha
        if significant && change > policy.effectTolerance && metric.direction != .decrease {
            result.classification = .high
            result.reason = "higher: \(means) < \(rounded4(policy.alpha))"
        } else if significant && change < -policy.effectTolerance && metric.direction != .increase {
            result.classification = .low
            result.reason = "lower: \(means) < \(rounded4(policy.alpha))"
        } else {
            result.classification = .pass
            result.reason = significant ? "within tolerance \(percent(policy.effectTolerance)): \(means)" : "no significant difference: \(means)"
        }
        return result
    }

    static func rounded4(_ value: Double) -> String {
        let r = (value * 10_000).rounded() / 10_000
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : "\(r)"
    }

    static func pText(_ p: Double) -> String { p < 0.0001 ? "<0.0001" : rounded4(p) }
}
