import IILogsCore

/// Turns a tailed line into a ``LogRecord``: severity from ``SeverityHeuristic``, facility 1 (user),
/// app = the file's base name without extension, fields `file=<path>` (and `truncated=true` when cut).
/// Invalid UTF-8 is kept, each bad sequence replaced with U+FFFD.
struct FileLineEmitter: Sendable {
    let path: String
    let appName: String

    init(settings: FileTailSettings) {
        self.path = settings.path
        self.appName = settings.appName
    }

    func record(for line: AssembledLine, at time: Timestamp) -> LogRecord {
        var fields = [LogField("file", path)]
        if line.truncated { fields.append(LogField("truncated", "true")) }
        return LogRecord(time: time, severity: SeverityHeuristic.detect(line.bytes), facility: 1, hostname: "",
                         app: appName, message: String(decoding: line.bytes, as: UTF8.self), fields: fields)
    }
}
