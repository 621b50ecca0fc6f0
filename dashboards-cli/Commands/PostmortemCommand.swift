public import ArgumentParser
import Foundation
import IILogsCore
import IILogsReports

/// `iilogs postmortem`: how an instance (or an image version) ended, as one report.
struct PostmortemCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postmortem",
        abstract: "Write a post-mortem of an instance (or of an image version): timeline, last lines, error templates, metrics, siblings.",
        discussion: """
            --instance: identity and boots, the timeline, the last --last lines before the end of life, error and warning \
            templates, CPU/memory/disk/network around the end with the band of up to 5 siblings, and what only this \
            instance did. --image: instances by state, the worst instances and templates new since the previous image \
            (the one first seen before it, or --previous). Sections are explained in docs/POSTMORTEM.md.
            Examples:
              iilogs postmortem --instance i-0abc
              iilogs postmortem --instance i-0abc --data /var/lib/iilogs --format html --out i-0abc.html
              iilogs postmortem --image v42 --previous v41 --format md
            """
    )

    @OptionGroup var source: SourceOptions

    @Option(help: ArgumentHelp("Instance ID.", valueName: "ID")) var instance: String?
    @Option(help: ArgumentHelp("Image version.", valueName: "VERSION")) var image: String?
    @Option(help: ArgumentHelp("With --image: the image to compare with (default: the one first seen before).", valueName: "VERSION"))
    var previous: String?
    @Option(help: "text | md | html | json") var format: PostmortemFormat = .text
    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "FILE")) var out: String?
    @Option(help: ArgumentHelp("Lines shown before the end of life.", valueName: "N")) var last = 200
    @Option(help: ArgumentHelp("Metrics shown before the end of life.", valueName: "DURATION")) var window = "30m"
    @Option(help: ArgumentHelp("Text width (text format).", valueName: "COLUMNS")) var width = 100

    func validate() throws {
        if (instance == nil) == (image == nil) { throw ValidationError("give exactly one of --instance ID or --image VERSION") }
        if instance?.isEmpty == true || image?.isEmpty == true { throw ValidationError("--instance and --image must not be empty") }
        if previous != nil && image == nil { throw ValidationError("--previous goes with --image") }
        guard (1...100_000).contains(last) else { throw ValidationError("--last must be 1-100000, got \(last)") }
        guard let w = DurationParser.parse(window), w >= .seconds(60), w <= .seconds(7 * 86_400) else {
            throw ValidationError("--window: '\(window)' must be a duration from 1m to 7d, like 30m")
        }
        guard width >= 60 else { throw ValidationError("--width must be at least 60, got \(width)") }
    }

    func run() async throws {
        let data = try source.makeSource()
        let now = Timestamp.now()
        let document: String
        do {
            if let instance {
                var options = PostmortemAssembler.Options(now: now)
                options.lastLines = last
                options.metricWindow = DurationParser.parse(window) ?? options.metricWindow
                options.metricStep = max(.seconds(10), options.metricWindow / 60)
                let report = try await PostmortemAssembler(source: data, sourceDescription: sourceDescription, options: options)
                    .assemble(instance: instance)
                document = format.render(report, width: width)
            } else {
                let options = ImagePostmortemAssembler.Options(now: now, previousImage: previous)
                let report = try await ImagePostmortemAssembler(source: data, sourceDescription: sourceDescription, options: options)
                    .assemble(image: image ?? "")
                document = format.render(report, width: width)
            }
        } catch let error as PostmortemAssemblerError {
            FileHandle.standardError.write(Data("iilogs postmortem: \(error.message)\n".utf8))
            throw ExitCode(error.code == .invalidOptions ? 64 : 1)
        }
        guard let out else {
            emit(document)
            return
        }
        do {
            try Data(document.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            throw ValidationError("--out \(out): cannot write the report (\(error.localizedDescription))")
        }
        emit("post-mortem written to \(URL(fileURLWithPath: out).path)\n")
    }

    /// How the report names its data source.
    private var sourceDescription: String {
        if let data = source.data { return "data folder \(data)" }
        return "collector " + (source.collector ?? ProcessInfo.processInfo.environment["IILOGS_COLLECTOR"] ?? "http://127.0.0.1:5171")
    }
}

extension PostmortemFormat: ExpressibleByArgument {}
