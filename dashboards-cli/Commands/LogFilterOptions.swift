import ArgumentParser
import IILogsCore
import IILogsStore

/// Which log lines: scope and line filters shared by `iilogs query` and `iilogs tail`.
struct LogFilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Instance ID.", valueName: "ID")) var instance: String?
    @Option(help: ArgumentHelp("Image version.", valueName: "VERSION")) var image: String?
    @Option(help: ArgumentHelp("Start: RFC 3339 time or a duration ago (2h, 30m, 7d).", valueName: "TIME")) var since: String?
    @Option(help: ArgumentHelp("That severity and worse: emerg alert crit err warning notice info debug.", valueName: "LEVEL"))
    var severity: String?
    @Option(help: ArgumentHelp("Only lines of this app (program, unit or file name).", valueName: "NAME")) var app: String?
    @Option(help: ArgumentHelp("Phrase to match on word boundaries, case-insensitive.", valueName: "TEXT")) var grep: String?
    @Option(help: ArgumentHelp("Plain substring, case-sensitive.", valueName: "TEXT")) var contains: String?

    func validate() throws {
        if instance != nil && image != nil {
            throw ValidationError("give --instance ID or --image VERSION, not both")
        }
        if let severity, Severity(name: severity) == nil {
            throw ValidationError("--severity: '\(severity)' is not a level (emerg alert crit err warning notice info debug, or 0-7)")
        }
        if let since, DurationParser.parseTime(since, now: .now()) == nil {
            throw ValidationError("--since: '\(since)' is neither an RFC 3339 time nor a duration like 2h")
        }
    }

    /// The query these options describe (relative times count back from `now`); limit and keep are the caller's.
    func query(now: Timestamp, limit: Int = 0, keep: LogQuery.Keep = .newest) -> LogQuery {
        LogQuery(scope: instance.map(LogQuery.Scope.instance) ?? image.map(LogQuery.Scope.image) ?? .all,
                 since: since.flatMap { DurationParser.parseTime($0, now: now) },
                 minSeverity: severity.flatMap(Severity.init(name:)), app: app, grep: grep, contains: contains,
                 limit: limit, keep: keep)
    }
}
