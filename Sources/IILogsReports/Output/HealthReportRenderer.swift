public import IILogsCore

/// The text `iilogs health --image V [--baseline W]` prints for an image's verdict (also shown by
/// `iilogs demo`): a headline `image V vs baseline W: FAILING, score S`, the instance counts, the error
/// and crash rates, the canary comparison as a table (with a baseline) and the reasons, worst first.
public enum HealthReportRenderer {
    public static func render(_ report: APIImageHealth) -> String {
        var out = "image \(report.imageVersion)"
        if let base = report.baselineImageVersion { out += " vs baseline \(base)" }
        out += ": \(report.verdict.uppercased())"
        if let score = report.score { out += ", score \(format(score))" }
        out += "\n"
        let c = report.instances
        out += "instances: \(c.total) total, \(c.alive) alive, \(c.lost) lost, \(c.quarantined) quarantined, \(c.terminated) terminated\n"
        if let rate = report.errorRate { out += "error rate: \(format(rate * 100))%\n" }
        if let rate = report.crashRate { out += "crashes per instance: \(format(rate))\n" }
        if !report.metrics.isEmpty {
            out += "\n" + cell("METRIC", 22) + cell("RESULT", 8) + cell("P", 10) + "REASON\n"
            for metric in report.metrics {
                out += cell(metric.name, 22) + cell(metric.classification, 8) + cell(metric.pValue.map(format) ?? "-", 10) + metric.reason + "\n"
            }
        }
        if !report.reasons.isEmpty {
            out += "\nreasons:\n" + report.reasons.map { "  - \($0)\n" }.joined()
        }
        return out
    }

    private static func cell(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - text.count))
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 10_000
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
