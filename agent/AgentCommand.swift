import ArgumentParser
import IILogsAgent
import IILogsCore
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// `iilogs-agent`: ships this instance's logs, metrics and lifecycle events to an iilogs collector.
/// Every flag is documented in docs/AGENT.md.
@main
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iilogs-agent",
        abstract: "Ship this instance's logs, metrics and lifecycle events to an iilogs collector.",
        version: AgentSettings.agentVersion,
        subcommands: [Run.self, Event.self, Flush.self],
        defaultSubcommand: Run.self)
}

/// Parses `10s`, `500ms`, `1h30m` for flags.
struct DurationArgument: ExpressibleByArgument {
    var duration: Duration
    init?(argument: String) {
        guard let parsed = DurationParser.parse(argument) else { return nil }
        duration = parsed
    }
}

/// Where the control socket is: `--control-socket`, else `<--spool>/control.sock`.
struct ControlSocketOptions: ParsableArguments {
    @Option(help: "Spool folder of the running agent (its control socket is <spool>/control.sock).")
    var spool: String = "/var/lib/iilogs/spool"
    @Option(help: "Control socket path, when not <spool>/control.sock.")
    var controlSocket: String?
    var path: String { controlSocket ?? AgentSettings.controlSocketPath(spoolDirectory: spool) }
}

extension AgentCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the agent (the default).")

        @Option(help: "Collector HOST:PORT (env IILOGS_COLLECTOR).") var collector: String?
        @Option(help: "Instance ID (else IILOGS_INSTANCE_ID, the baked identity file, cloud-init, the host name).") var instanceId: String?
        @Option(help: "Image version (else IILOGS_IMAGE_VERSION, the baked identity file).") var image: String?
        @Option(help: "Spool folder.") var spool: String = "/var/lib/iilogs/spool"
        @Option(help: "Auth token (env IILOGS_TOKEN).") var token: String?
        @Option(help: "File to tail; repeat for several.") var tail: [String] = []
        @Option(help: "Unix datagram syslog socket to own, e.g. /dev/log.") var syslogSocket: String?
        @Option(help: "Syslog UDP listener HOST:PORT.") var syslogUdp: String?
        @Option(help: "Syslog TCP listener HOST:PORT.") var syslogTcp: String?
        @Flag(help: "Follow the systemd journal through journalctl (resumes from the spooled cursor).") var journald = false
        @Option(help: "journalctl program for --journald.") var journalctlPath: String = JournaldSettings.defaultJournalctlPath
        @Option(help: "Fleet label k=v; repeat for several.") var label: [String] = []
        @Option(help: "Read the kernel boot ID from this file instead of /proc/sys/kernel/random/boot_id (containers, tests).")
        var bootIdFile: String?
        @Option(help: "Heartbeat interval.") var heartbeat: DurationArgument?
        @Option(help: "Longest a record waits before its batch is cut.") var flushInterval: DurationArgument?
        @Option(help: "On SIGTERM, how long to keep shipping.") var drainDeadline: DurationArgument?
        @Option(help: "Longest wait for the collector's welcome or next ack before reconnecting (default 60s; 1s–600s).") var ackTimeout: DurationArgument?
        @Option(help: "Spool size bound in MiB.") var spoolMaxMib: Int?
        @Option(help: "Control socket path (default <spool>/control.sock).") var controlSocket: String?
        @Option(help: "trace, debug, info, notice, warning, error or critical.") var logLevel: String = "info"
        // TLS to the collector (docs/SECURITY.md); any --tls-* option turns it on.
        @Flag(help: "Connect to the collector over TLS, verifying its certificate (system trust roots unless --tls-ca-file).") var tls = false
        @Option(help: ArgumentHelp("PEM CA certificate(s) the collector's certificate must chain to.", valueName: "FILE")) var tlsCaFile: String?
        @Option(help: ArgumentHelp("Name the collector's certificate must carry (default: the --collector host).", valueName: "NAME"))
        var tlsServerName: String?
        @Option(help: ArgumentHelp("PEM client certificate, for a collector that requires one (with --tls-key-file).", valueName: "FILE"))
        var tlsCertFile: String?
        @Option(help: ArgumentHelp("PEM private key of --tls-cert-file.", valueName: "FILE")) var tlsKeyFile: String?
        // Metrics and StatsD (docs/METRICS.md).
        @Option(help: "Between /proc metric samples, e.g. 10s; 0 or off disables the sampler.") var metricsInterval: String?
        @Option(help: ArgumentHelp("Folder holding the proc/ and sys/ to sample (the host's root mounted into a container).",
                                   valueName: "PATH")) var metricsRoot: String?
        @Option(help: "StatsD UDP listener HOST:PORT, e.g. 127.0.0.1:8125.") var statsdUdp: String?
        @Option(help: "StatsD unix datagram socket path.") var statsdSocket: String?
        // Spot-interruption notice (docs/AGENT.md): off unless a URL is given.
        @Option(help: ArgumentHelp("Metadata URL to poll for a spot-interruption notice, e.g. \(InterruptionSettings.awsURL) (off by default).",
                                   valueName: "URL")) var interruptionNoticeUrl: String?
        @Option(help: "aws (IMDSv2 token, JSON instance-action) or gcp (Metadata-Flavor: Google, TRUE when preempted).")
        var interruptionNoticeKind: String = "aws"
        @Option(help: "Between two polls of the notice URL.") var interruptionPollInterval: DurationArgument?

        func run() async throws {
            guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("--log-level \(logLevel): unknown level") }
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
            let logger = Logger(label: "iilogs.agent")
            let environment = IdentityResolver.processEnvironment()
            guard let text = collector ?? environment["IILOGS_COLLECTOR"] else {
                throw ValidationError("--collector HOST:PORT is required (or IILOGS_COLLECTOR)")
            }
            guard let address = HostAndPort(parsing: text), address.port > 0 else {
                throw ValidationError("--collector: '\(text)' is not HOST:PORT with a port from 1 to 65535")
            }
            var labels: [String: String] = [:]
            for pair in label {
                guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { throw ValidationError("--label \(pair): expected k=v") }
                labels[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
            }
            let identity: InstanceIdentity
            do {
                identity = try IdentityResolver(explicit: .init(instanceID: instanceId, imageVersion: image, labels: labels),
                                                environment: environment, bootIDPath: bootIdFile ?? BootID.defaultPath).resolve(logger: logger)
            } catch {
                throw ValidationError("\(error)")
            }
            var settings = AgentSettings(collectorHost: address.host, collectorPort: address.port,
                                         token: token ?? environment["IILOGS_TOKEN"] ?? "", identity: identity, spoolDirectory: spool)
            settings.tailPaths = tail
            settings.syslogSocketPath = syslogSocket
            settings.syslogUDP = syslogUdp
            settings.syslogTCP = syslogTcp
            settings.journald = journald
            settings.journalctlPath = journalctlPath
            settings.controlSocketPath = controlSocket
            if let heartbeat { settings.heartbeatInterval = heartbeat.duration }
            if let flushInterval { settings.flushInterval = flushInterval.duration }
            if let drainDeadline { settings.drainDeadline = drainDeadline.duration }
            if let ackTimeout { settings.ackTimeout = ackTimeout.duration }
            if let spoolMaxMib { settings.setSpoolMaxBytes(spoolMaxMib << 20) }
            if let metricsInterval {
                guard let interval = MetricsSettings.parseInterval(metricsInterval) else {
                    throw ValidationError("--metrics-interval \(metricsInterval): expected a duration such as 10s, or 0/off")
                }
                settings.metrics.interval = interval
            }
            if let metricsRoot { settings.metrics.root = metricsRoot }
            settings.metrics.statsdUDP = statsdUdp
            settings.metrics.statsdSocketPath = statsdSocket
            guard let kind = InterruptionSettings.Kind(rawValue: interruptionNoticeKind) else {
                throw ValidationError("--interruption-notice-kind \(interruptionNoticeKind): expected aws or gcp")
            }
            settings.interruption.url = interruptionNoticeUrl
            settings.interruption.kind = kind
            if let interruptionPollInterval { settings.interruption.pollInterval = interruptionPollInterval.duration }
            if tls || tlsCaFile != nil || tlsServerName != nil || tlsCertFile != nil || tlsKeyFile != nil {
                settings.tls = TLSClientSettings(caFile: tlsCaFile, serverName: tlsServerName, certificateFile: tlsCertFile, keyFile: tlsKeyFile)
            }
            do { try settings.validate() } catch { throw ValidationError("\(error)") }
            try await Agent(settings: settings, logger: logger).run { stream in
                printError("agent started instance=\(identity.instanceID) image=\(identity.imageVersion) stream=\(stream)")
            }
        }
    }

    struct Event: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a lifecycle event (ready, provisioned, …) in the running agent.")
        @Argument(help: "Event name: 1–64 characters of a-z 0-9 . _ -") var name: String
        @Option(help: "Free text attached to the event.") var detail: String = ""
        @OptionGroup var socket: ControlSocketOptions
        @Option(help: "How long to wait for the agent.") var timeout: DurationArgument?

        func validate() throws {
            if let problem = ControlRequest.problem(withEventName: name) { throw ValidationError(problem) }
        }

        func run() async throws {
            let reply = try await ControlClient.send(.event(name: name, detail: detail), socketPath: socket.path,
                                                     timeout: timeout?.duration ?? .seconds(10))
            printError("event \(name) recorded: \(reply)")
        }
    }

    struct Flush: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cut the current batch and wait until the collector acknowledged everything spooled.")
        @Option(help: "Longest wait for acknowledgement.") var timeout: DurationArgument = DurationArgument(argument: "30s")!
        @OptionGroup var socket: ControlSocketOptions

        func run() async throws {
            let reply = try await ControlClient.send(.flush(timeout: timeout.duration), socketPath: socket.path,
                                                     timeout: timeout.duration + .seconds(5))
            printError("flushed: \(reply)")
        }
    }
}

/// One line to standard error.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}
