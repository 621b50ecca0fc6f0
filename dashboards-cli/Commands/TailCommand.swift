import ArgumentParser
import Foundation
import IILogsCore
import IILogsReports
import IILogsStore
import Synchronization

/// `iilogs tail`: recent lines, then new ones as the collector stores them, until interrupted.
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow log lines of an instance, an image version or the whole fleet as they arrive.",
        discussion: """
            Prints the newest lines first (--lines, or everything since --since, up to the collector's limit), then
            every new matching line until Ctrl-C (exit 0). A broken stream is resumed where it stopped (no line
            twice) up to --retries times; an unreachable collector or a refusal exits 1.
            Examples:
              iilogs tail --instance i-0abc
              iilogs tail --image v42 --severity err --output jsonl
            """
    )

    /// Pause before the first reconnection; doubled each time up to ``maxBackoff``.
    static let firstBackoff: Duration = .milliseconds(500)
    static let maxBackoff: Duration = .seconds(8)

    @OptionGroup var collector: CollectorOptions
    @OptionGroup var filters: LogFilterOptions
    @Option(name: .long, help: "text | jsonl")
    var output: OutputFormat = .text
    @Flag(name: .long, help: "Never colour the output (colours are used only on a terminal anyway).")
    var noColor = false
    @Option(help: ArgumentHelp("Backlog: the newest N lines (default: 100, or all since --since up to the collector's limit).",
                               valueName: "N"))
    var lines: Int?
    @Option(help: "Reconnections after a broken stream before giving up.") var retries = 5

    func validate() throws {
        if output == .json { throw ValidationError("--output json cannot stream; use jsonl (one JSON object per line) or text") }
        if let lines, lines < 1 { throw ValidationError("--lines must be 1 or more, got \(lines)") }
        if retries < 0 { throw ValidationError("--retries must be 0 or more, got \(retries)") }
    }

    func run() async throws {
        let client = try collector.makeClient()
        let query = filters.query(now: .now())
        let renderer = LogLineRenderer(format: output, colour: !noColor && isatty(STDOUT_FILENO) == 1
                                           && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        let (backlog, retries) = (lines, retries)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                await Self.interrupted()
            }
            group.addTask {
                try await Self.follow(client: client, query: query, backlog: backlog, retries: retries, renderer: renderer)
            }
            defer { group.cancelAll() }
            try await group.next()  // a signal: done (exit 0); the stream: only ever ends with an error
        }
    }

    /// Streams and prints until cancelled; reconnects after a break once a mark was seen.
    static func follow(client: CollectorClient, query: LogQuery, backlog: Int?, retries: Int, renderer: LogLineRenderer) async throws {
        let state = Mutex(TailResume())
        var failures = 0
        var backoff = firstBackoff
        while true {
            let (after, marksBefore) = state.withLock { ($0.resume(), $0.marks) }
            do {
                try await client.tail(query, backlogLimit: backlog, after: after) { event in
                    guard let line = state.withLock({ $0.accept(event) }) else { return }
                    emit(renderer.render([line]))
                }
            } catch let error as ClientError where error.code == .connection || error.code == .timeout {
                try Task.checkCancellation()
                if state.withLock({ $0.marks }) > marksBefore {  // the stream was alive: start counting afresh
                    failures = 0
                    backoff = firstBackoff
                }
                // Nothing marked yet: the collector is unreachable or never answered; say so now.
                guard state.withLock({ $0.cursor }) != nil, failures < retries else { throw error }
                failures += 1
                FileHandle.standardError.write(Data("iilogs tail: \(error.message); reconnecting in \(backoff) (\(failures)/\(retries))\n".utf8))
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maxBackoff)
            }
        }
    }

    /// Returns at the first SIGINT or SIGTERM (or when cancelled); the signals no longer end the process.
    static func interrupted() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let (signals, continuation) = AsyncStream<Void>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        for await _ in signals { return }
    }
}
