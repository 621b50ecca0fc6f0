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

    @OptionGroup var filters: LogFilterOptions
    @Option(help: ArgumentHelp("End (exclusive): RFC 3339 time or a duration ago.", valueName: "TIME")) var until: String?
    @Option(help: "Most lines to print; 0 for all.") var limit: Int = 1000
    @Flag(help: "With --limit, keep the oldest lines instead of the newest.") var oldest = false
    @Flag(help: "Print how many chunks were considered, skipped and decoded (to standard error).") var explain = false

    func validate() throws {
        if (filters.instance == nil) == (filters.image == nil) {
            throw ValidationError("give exactly one of --instance ID or --image VERSION")
        }
        if let until, DurationParser.parseTime(until, now: .now()) == nil {
            throw ValidationError("--until: '\(until)' is neither an RFC 3339 time nor a duration like 2h")
        }
        if limit < 0 { throw ValidationError("--limit must be 0 (no limit) or more, got \(limit)") }
    }

    func run() async throws {
        let now = Timestamp.now()
        var query = filters.query(now: now, limit: limit, keep: oldest ? .oldest : .newest)
        query.until = until.flatMap { DurationParser.parseTime($0, now: now) }
        let response = try await source.makeSource().logs(query)
        emit(LogLineRenderer(format: out.output, colour: out.colour).render(response.lines))
        if explain {
            let s = response.stats
            FileHandle.standardError.write(Data("""
                chunks considered=\(s.chunksConsidered) skipped_severity=\(s.chunksSkippedBySeverity) \
                skipped_filter=\(s.chunksSkippedByFilter) decoded=\(s.chunksDecoded) corrupt=\(s.chunksCorrupt) \
                sections_skipped=\(s.messageSectionsSkipped.map(String.init) ?? "?") \
                lines_scanned=\(s.linesScanned) elapsed=\(s.elapsedMicroseconds)us\n
                """.utf8))
        }
    }
}
