public import ArgumentParser
import Foundation
import IILogsCollector
import IILogsCore
import IILogsReports
import IILogsStore
import Logging

/// Where to read from and how to print: shared by every reading command.
struct SourceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Collector HTTP API, e.g. http://127.0.0.1:5171 (default: $IILOGS_COLLECTOR).", valueName: "URL"))
    var collector: String?

    @Option(name: .long, help: ArgumentHelp("With an https:// collector: PEM CA certificate(s) its certificate must chain to (default: $IILOGS_CA_FILE, else the system's roots).", valueName: "FILE"))
    var caFile: String?

    @Option(name: .long, help: ArgumentHelp("Read a data folder directly instead of a collector (offline post-mortems).", valueName: "DIR"))
    var data: String?

    @Option(name: .long, help: ArgumentHelp("Read token for the collector's API (default: $IILOGS_READ_TOKEN).", valueName: "TOKEN"))
    var readToken: String?

    @Option(name: .long, help: ArgumentHelp("With --data: silence after which a running instance counts as lost.", valueName: "DURATION"))
    var lostAfter: String = "60s"

    func validate() throws {
        if collector != nil && data != nil {
            throw ValidationError("--collector and --data are exclusive: read from a collector or from a data folder")
        }
        if DurationParser.parse(lostAfter) == nil {
            throw ValidationError("--lost-after: '\(lostAfter)' is not a duration (e.g. 60s, 5m)")
        }
    }

    /// The configured source; the default is the collector in IILOGS_COLLECTOR or on 127.0.0.1:5171.
    func makeSource() throws -> any FleetDataSource {
        if let data {
            guard FileManager.default.fileExists(atPath: data) else {
                throw ValidationError("--data \(data): no such folder")
            }
            var logger = Logger(label: "iilogs.store")
            logger.logLevel = .warning
            let store = try SQLiteStore(directory: data, readOnly: true, logger: logger)
            return LocalFleetDataSource(store: store, lostAfter: DurationParser.parse(lostAfter) ?? .seconds(60), flagView: APIFlag.init)
        }
        let env = ProcessInfo.processInfo.environment
        let url = collector ?? env["IILOGS_COLLECTOR"] ?? "http://127.0.0.1:5171"
        var endpoint = try HTTPEndpoint(parsing: url)
        endpoint.caFile = caFile ?? env["IILOGS_CA_FILE"]
        return RemoteFleetDataSource(client: CollectorClient(endpoint: endpoint, readToken: readToken ?? env["IILOGS_READ_TOKEN"]))
    }
}

struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "text | json | jsonl")
    var output: OutputFormat = .text

    @Flag(name: .long, help: "Never colour the output (colours are used only on a terminal anyway).")
    var noColor = false

    var colour: Bool { !noColor && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
}

extension OutputFormat: ExpressibleByArgument {}

/// Writes to standard output without buffering surprises (flushes at the end of each call).
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
