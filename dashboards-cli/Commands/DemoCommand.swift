import ArgumentParser
import Foundation
import IILogsCore
import IILogsSimulation
import Logging

/// `iilogs demo`: an embedded collector and a simulated fleet through the real TCP path, in about a minute.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run an embedded collector and a simulated fleet, destroy some instances, and show the result.",
        discussion: "Everything runs on 127.0.0.1 and stops by itself. The data folder is kept so you can query it afterwards."
    )

    @Option(help: ArgumentHelp("Data folder (default: a new temporary folder).", valueName: "DIR")) var data: String?
    @Option(help: "How long the fleet runs, e.g. 20s.") var duration: String = "20s"
    @Option(help: "Lines per second per instance.") var rate = 20
    @Flag(help: "Show the components' own logs (warnings and worse).") var verbose = false

    func validate() throws {
        guard let d = DurationParser.parse(duration), d >= .seconds(6), d <= .seconds(3600) else {
            throw ValidationError("--duration: '\(duration)' must be a duration from 6s to 1h, like 20s")
        }
        guard (1...10_000).contains(rate) else { throw ValidationError("--rate must be 1-10000 lines/s, got \(rate)") }
    }

    func run() async throws {
        let folder = data ?? FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-demo-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var logger = Logger(label: "iilogs.demo")
        logger.logLevel = verbose ? .warning : .critical
        var options = DemoRunner.Options(dataDirectory: folder)
        options.runFor = DurationParser.parse(duration) ?? .seconds(20)
        options.linesPerSecond = rate
        let colour = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        try await DemoRunner(options: options, logger: logger, colour: colour).run { emit($0 + "\n") }
    }
}
