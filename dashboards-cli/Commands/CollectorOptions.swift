import ArgumentParser
import Foundation
import IILogsReports

/// Where the collector's API is, for commands that need a live collector (quarantine, health: the rule
/// engine's state lives in the collector, not in a data folder).
struct CollectorOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Collector HTTP API, e.g. http://127.0.0.1:5171 (default: $IILOGS_COLLECTOR).", valueName: "URL"))
    var collector: String?

    @Option(name: .long, help: ArgumentHelp("With an https:// collector: PEM CA certificate(s) its certificate must chain to (default: $IILOGS_CA_FILE, else the system's roots).", valueName: "FILE"))
    var caFile: String?

    @Option(name: .long, help: ArgumentHelp("Read token for the collector's API (default: $IILOGS_READ_TOKEN).", valueName: "TOKEN"))
    var readToken: String?

    @Option(name: .long, help: ArgumentHelp("Deployer token, for quarantine release (default: $IILOGS_DEPLOYER_TOKEN).", valueName: "TOKEN"))
    var deployerToken: String?

    func makeClient() throws -> CollectorClient {
        let env = ProcessInfo.processInfo.environment
        var endpoint = try HTTPEndpoint(parsing: collector ?? env["IILOGS_COLLECTOR"] ?? "http://127.0.0.1:5171")
        endpoint.caFile = caFile ?? env["IILOGS_CA_FILE"]
        return CollectorClient(endpoint: endpoint, readToken: readToken ?? env["IILOGS_READ_TOKEN"],
                               deployerToken: deployerToken ?? env["IILOGS_DEPLOYER_TOKEN"])
    }
}
