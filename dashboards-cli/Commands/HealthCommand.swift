import ArgumentParser
import Foundation
import IILogsCore
import IILogsReports

/// `iilogs health --image V [--baseline W]`: an image version's verdict; exits 0 healthy, 1 failing, 2 degraded.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "An image version's health verdict (and canary comparison with --baseline); exits 0 healthy, 1 failing, 2 degraded.",
        discussion: "Reads GET /v1/images/V/health from a running collector (docs/RULES.md, \"Image health\"). Errors exit 3 or more.")

    @OptionGroup var source: CollectorOptions
    @Option(name: .long, help: "Image version to judge.") var image: String
    @Option(name: .long, help: "Baseline image version to compare with (canary analysis).") var baseline: String?
    @Option(name: .long, help: "text | json") var output: OutputFormat = .text

    func validate() throws {
        if image.isEmpty { throw ValidationError("--image must not be empty") }
        if let baseline, baseline.isEmpty || baseline == image { throw ValidationError("--baseline must name another image") }
    }

    func run() async throws {
        let report: APIImageHealth
        do {
            report = try await source.makeClient().health(image: image, baseline: baseline)
        } catch {
            FileHandle.standardError.write(Data("iilogs health: \(error)\n".utf8))
            throw ExitCode(3)
        }
        emit(output == .text ? Self.render(report) : LogLineRenderer.encode(report, pretty: true) + "\n")
        throw ExitCode(report.exitCode)
    }

    static func render(_ report: APIImageHealth) -> String {
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
