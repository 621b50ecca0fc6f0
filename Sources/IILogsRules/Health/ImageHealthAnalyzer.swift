/// Turns an image's instances (and optionally a baseline image's) into an ``ImageHealthReport``.
///
/// The verdict is the worst of:
/// - **instances**: none seen → `degraded`; (lost + quarantined) / total at or above
///   ``HealthPolicy/degradedUnhealthyShare`` / ``HealthPolicy/failingUnhealthyShare``;
/// - **error rate** (pooled lines at `err` or worse / lines) against the error-rate thresholds;
/// - **crash rate** (crashes per instance) against the crash-rate thresholds;
/// - with a baseline, the **canary comparison** (``ImageHealthAnalyzer/compare(canary:baseline:policy:)``):
///   a critical metric classified High (or Low, per its direction) → `failing`; score below
///   ``HealthPolicy/marginalScore`` → `failing`; below ``HealthPolicy/passScore`` → `degraded`.
public enum ImageHealthAnalyzer {
    public static func analyze(_ input: ImageHealthInput, baseline: ImageHealthInput? = nil,
                               policy: HealthPolicy = HealthPolicy()) -> ImageHealthReport {
        var counts = ImageHealthReport.InstanceCounts()
        for instance in input.instances {
            counts.total += 1
            switch instance.state {
            case .alive: counts.alive += 1
            case .lost: counts.lost += 1
            case .terminated: counts.terminated += 1
            case .quarantined: counts.quarantined += 1
            }
        }
        let lines = input.instances.reduce(0) { $0 + $1.lines }
        let errorLines = input.instances.reduce(0) { $0 + $1.errorLines }
        let crashes = input.instances.reduce(0) { $0 + $1.crashes }
        let errorRate = lines > 0 ? Double(errorLines) / Double(lines) : nil
        let crashRate = counts.total > 0 ? Double(crashes) / Double(counts.total) : nil

        var findings: [(HealthVerdict, String)] = []
        func judge(_ value: Double?, degraded: Double, failing: Double, _ text: (Double) -> String) {
            guard let value else { return }
            if value >= failing {
                findings.append((.failing, text(failing)))
            } else if value >= degraded {
                findings.append((.degraded, text(degraded)))
            }
        }
        if counts.total == 0 {
            findings.append((.degraded, "no instances of \(input.imageVersion) seen"))
        } else {
            let unhealthy = counts.lost + counts.quarantined
            judge(Double(unhealthy) / Double(counts.total), degraded: policy.degradedUnhealthyShare, failing: policy.failingUnhealthyShare) {
                "\(unhealthy) of \(counts.total) instances lost or quarantined (\(counts.lost) lost, \(counts.quarantined) quarantined; limit \(percent($0)))"
            }
        }
        judge(errorRate, degraded: policy.degradedErrorRate, failing: policy.failingErrorRate) {
            "error rate \(percent(errorRate ?? 0)) of \(lines) lines (limit \(percent($0)))"
        }
        judge(crashRate, degraded: policy.degradedCrashRate, failing: policy.failingCrashRate) {
            "\(crashes) crashes over \(counts.total) instances, \(rounded(crashRate ?? 0)) per instance (limit \(rounded($0)))"
        }

        var score: Double?
        var metrics: [CanaryMetricResult] = []
        if let baseline {
            let comparison = compare(canary: input, baseline: baseline, policy: policy)
            metrics = comparison.metrics
            score = comparison.score
            findings += comparison.findings
        }
        let verdict = findings.map(\.0).max() ?? .healthy
        let reasons = findings.enumerated().sorted { ($0.element.0, -$0.offset) > ($1.element.0, -$1.offset) }.map(\.element.1)
        return ImageHealthReport(
            imageVersion: input.imageVersion, baselineImageVersion: baseline?.imageVersion, verdict: verdict,
            exitCode: verdict.exitCode, score: score, instances: counts, errorRate: errorRate, crashRate: crashRate,
            keyMetrics: policy.keyMetrics.map { MetricSummary(name: $0, values: values(of: $0, in: input)) },
            metrics: metrics, reasons: reasons)
    }

    /// The values compared for a metric: per-instance error rates, per-instance crash counts, or the
    /// pooled samples of a metric.
    public static func values(of metric: String, in input: ImageHealthInput) -> [Double] {
        switch metric {
        case CanaryMetric.errorRate: input.instances.compactMap(\.errorRate)
        case CanaryMetric.crashRate: input.instances.map { Double($0.crashes) }
        default: input.instances.flatMap { $0.metrics[metric] ?? [] }
        }
    }

    static func percent(_ value: Double) -> String { "\(rounded(value * 100))%" }

    static func rounded(_ value: Double) -> String {
        let r = (value * 100).rounded() / 100
        return r == r.rounded() && abs(r) < 1e15 ? String(Int64(r)) : "\(r)"
    }
}
