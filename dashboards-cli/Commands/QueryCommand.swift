import ArgumentParser
import Foundation
import IILogsCore
import IILogsReports
import IILogsStore

/// `iilogs query`: log lines of one instance or one image version.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Print log lines of an instance or an image version.",
        discussion: """
            Lines are printed oldest first. --limit keeps the newest N lines (or the oldest N with --oldest).
            --grep matches a phrase case-insensitively on word boundaries and uses the chunk index to skip data;
            --contains is a plain case-sensitive substring.
            Examples:
              iilogs query --instance i-0abc --since 2h
              iilogs query --image v42 --grep "out of memory" --severity err --output jsonl
            """
    )

    @OptionGroup var source: SourceOptions
    @OptionGroup var out: OutputOptions

    @Option(help: ArgumentHelp("Instance ID.", valueName: "ID")) var instance: String?
    @Option(help: ArgumentHelp("Image version.", valueName: "VERSION")) var image: String?
    @Option(help: ArgumentHelp("Start: RFC 3339 time or a duration ago (2h, 30m, 7d).", valueName: "TIME")) var since: String?
    @Option(help: ArgumentHelp("End (exclusive): RFC 3339 time or a duration ago.", valueName: "TIME")) var until: String?
    @Option(help: ArgumentHelp("That severity and worse: emerg alert crit err warning notice info debug.", valueName: "LEVEL"))
    var severity: String?
    @Option(help: ArgumentHelp("Only lines of this app (program, unit or file name).", valueName: "NAME")) var app: String?
    @Option(help: ArgumentHelp("Phrase to match on word boundaries, case-insensitive.", valueName: "TEXT")) var grep: String?
    @Option(help: ArgumentHelp("Plain substring, case-sensitive.", valueName: "TEXT")) var contains: String?
    @Option(help: "Most lines to print; 0 for all.") var limit: Int = 1000
    @Flag(help: "With --limit, keep the oldest lines instead of the newest.") var oldest = false
    @Flag(help: "Print how many chunks were considered, skipped and decoded (to standard error).") var explain = false

    func validate() throws {
        if (instance == nil) == (image == nil) {
            throw ValidationError("give exactly one of --instance ID or --image VERSION")
        }
        if let severity, Severity(name: severity) == nil {
            throw ValidationError("--severity: '\(severity)' is not a level (emerg alert crit err warning notice info debug, or 0-7)")
        }
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, DurationParser.parseTime(value, now: .now()) == nil {
                throw ValidationError("\(flag): '\(value)' is neither an RFC 3339 time nor a duration like 2h")
            }
        }
        if limit < 0 { throw ValidationError("--limit must be 0 (no limit) or more, got \(limit)") }
    }

    func run() async throws {
        let now = Timestamp.now()
        let query = LogQuery(
            scope: instance.map(LogQuery.Scope.instance) ?? image.map(LogQuery.Scope.image) ?? .all,
            since: since.flatMap { DurationParser.parseTime($0, now: now) },
            until: until.flatMap { DurationParser.parseTime($0, now: now) },
            minSeverity: severity.flatMap(Severity.init(name:)),
            app: app, grep: grep, contains: contains, limit: limit, keep: oldest ? .oldest : .newest)
        let response = try await source.makeSource().logs(query)
        emit(LogLineRenderer(format: out.output, colour: out.colour).render(response.lines))
        if explain {
            let s = response.stats
            FileHandle.standardError.write(Data("""
                chunks considered=\(s.chunksConsidered) skipped_severity=\(s.chunksSkippedBySeverity) \
                skipped_filter=\(s.chunksSkippedByFilter) decoded=\(s.chunksDecoded) corrupt=\(s.chunksCorrupt) \
                lines_scanned=\(s.linesScanned) elapsed=\(s.elapsedMicroseconds)us\n
                """.utf8))
        }
    }
}
