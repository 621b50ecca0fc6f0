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

    /// The text output; shared with `iilogs demo`.
    static func render(_ report: APIImageHealth) -> String {
        HealthReportRenderer.render(report)
    }
}
