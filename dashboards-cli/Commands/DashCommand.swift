import ArgumentParser
import Foundation
import IILogsCore
import IILogsReports

/// `iilogs dash`: a live terminal dashboard of the fleet by image version; `--once` prints one frame for scripts.
struct DashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dash",
        abstract: "Live dashboard of the fleet by image version: instances, lines/s, error rate, a sparkline, the latest flags.",
        discussion: """
            Redraws every --refresh in place, sized to the terminal; press q (or Ctrl-C) to quit. Colours only on a terminal \
            and when NO_COLOR is unset. --once prints one frame without colours or cursor movement and exits (for scripts); \
            its size is --width/--height, else the terminal's, else 100x40.
            """)

    /// The size of a `--once` frame when neither the flags nor a terminal give one.
    static let defaultSize = (width: 100, height: 40)
    /// Shortest refresh accepted.
    static let minRefresh: Duration = .milliseconds(200)
    /// How often the live mode looks for a key press between frames.
    static let keyPoll: Duration = .milliseconds(100)

    @OptionGroup var source: SourceOptions
    @Option(name: .long, help: ArgumentHelp("Time between frames (e.g. 2s, 500ms).", valueName: "DURATION")) var refresh = "2s"
    @Flag(name: .long, help: "Print one frame, without colours or cursor movement, and exit.") var once = false
    @Option(name: .long, help: "Columns of a frame (default: the terminal's).") var width: Int?
    @Option(name: .long, help: "Lines of a frame (default: the terminal's).") var height: Int?
    @Flag(name: .long, help: "Never colour the output.") var noColor = false

    func validate() throws {
        guard let interval = DurationParser.parse(refresh), interval >= Self.minRefresh else {
            throw ValidationError("--refresh: '\(refresh)' is not a duration of at least \(DurationParser.format(Self.minRefresh)) (e.g. 2s)")
        }
        if let width, width < DashboardRenderer.minWidth { throw ValidationError("--width must be at least \(DashboardRenderer.minWidth)") }
        if let height, height < 1 { throw ValidationError("--height must be at least 1") }
    }

    func run() async throws {
        let loader = DashboardLoader(source: try source.makeSource(), label: sourceLabel)
        if once {
            let size = DashTerminal.size() ?? Self.defaultSize
            let frame = try await loader.load()
            emit(DashboardRenderer.render(frame, width: width ?? size.width, height: height ?? size.height, colour: false) + "\n")
            return
        }
        try await live(loader)
    }

    /// Redraws until `q`, SIGINT or SIGTERM; a failed load shows its error in place of the frame and retries.
    private func live(_ loader: DashboardLoader) async throws {
        let interval = DurationParser.parse(refresh) ?? .seconds(2)
        let onTerminal = isatty(STDOUT_FILENO) == 1
        let colour = onTerminal && !noColor && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        let terminal = onTerminal ? DashTerminal() : nil
        defer { terminal?.restore() }
        while true {
            let size = DashTerminal.size() ?? Self.defaultSize
            let (columns, lines) = (width ?? size.width, height ?? size.height)
            let text: String
            do {
                var frame = try await loader.load()
                frame.footer = terminal == nil ? nil : "q quit · refresh \(refresh)"
                text = DashboardRenderer.render(frame, width: columns, height: lines, colour: colour)
            } catch {
                text = "iilogs dash  \(sourceLabel)\n\ncannot read: \(error)\nretrying every \(refresh)"
            }
            if let terminal { terminal.draw(text) } else { emit(text + "\n\n") }
            let deadline = ContinuousClock.now + interval
            while ContinuousClock.now < deadline {
                if terminal?.quitPressed() == true { return }
                if let now = DashTerminal.size(), now != size { break }  // resized: redraw at once
                try await Task.sleep(for: min(Self.keyPoll, deadline - ContinuousClock.now))
            }
        }
    }

    private var sourceLabel: String {
        if let data = source.data { return "data \(data)" }
        return source.collector ?? ProcessInfo.processInfo.environment["IILOGS_COLLECTOR"] ?? "http://127.0.0.1:5171"
    }
}
