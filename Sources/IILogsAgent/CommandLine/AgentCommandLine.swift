public import IILogsCore
public import Logging

/// The `iilogs-agent` command line: `run` (the default), `event` and `flush`. Every option is documented
/// in docs/AGENT.md; this type turns arguments into settings so tests can reach it.
public enum AgentCommandLine {
    /// Program name in usage and help.
    public static let programName = "iilogs-agent"
    /// Spool folder when `--spool` is not given.
    public static let defaultSpool = "/var/lib/iilogs/spool"

    /// What the agent was asked to do.
    public enum Request: Sendable, Equatable {
        case help(String)
        case version(String)
        case run(ParsedCommand)
        case event(ParsedCommand)
        case flush(ParsedCommand)
    }

    /// Parses the arguments after the program name. A first argument that is not a subcommand name is
    /// an argument of `run`.
    public static func parse(_ arguments: [String]) throws(CommandLineError) -> Request {
        switch arguments.first {
        case "-h", "--help", "help": return .help(topHelp)
        case "--version": return .version(AgentSettings.agentVersion)
        case "run": return try request(arguments.dropFirst(), spec: run) { command throws(CommandLineError) in .run(command) }
        case "event":
            return try request(arguments.dropFirst(), spec: event) { command throws(CommandLineError) in
                if let problem = ControlRequest.problem(withEventName: command.positionals[0]) {
                    throw CommandLineError(problem, spec: event)
                }
                return .event(command)
            }
        case "flush": return try request(arguments.dropFirst(), spec: flush) { command throws(CommandLineError) in .flush(command) }
        default: return try request(arguments[...], spec: run) { command throws(CommandLineError) in .run(command) }
        }
    }

    /// `arguments` parsed for `spec`: its help when asked for, else what `make` builds of them.
    private static func request(_ arguments: ArraySlice<String>, spec: CommandSpec,
                                _ make: (ParsedCommand) throws(CommandLineError) -> Request) throws(CommandLineError) -> Request {
        switch try CommandLineParser.parse(arguments, spec: spec) {
        case .help(let text): return .help(text)
        case .run(let command): return try make(command)
        }
    }

    /// `iilogs-agent --help`.
    public static var topHelp: String {
        """
        OVERVIEW: Ship this instance's logs, metrics and lifecycle events to an iilogs collector.

        USAGE: \(programName) <subcommand>

        OPTIONS:
          --version                     Show the version.
          -h, --help                    Show help information.

        SUBCOMMANDS:
          run (default)                 \(run.abstract)
          event                         \(event.abstract)
          flush                         \(flush.abstract)

          See '\(programName) <subcommand> --help' for detailed help.

        """
    }

    // MARK: - run

    public static let run = CommandSpec(name: "\(programName) run", abstract: "Run the agent (the default).", options: [
        CommandOption("collector", valueName: "HOST:PORT", help: "Collector HOST:PORT (env IILOGS_COLLECTOR)."),
        CommandOption("instance-id", valueName: "ID", help: "Instance ID (else IILOGS_INSTANCE_ID, the baked identity file, cloud-init, the host name)."),
        CommandOption("image", valueName: "VERSION", help: "Image version (else IILOGS_IMAGE_VERSION, the baked identity file)."),
        CommandOption("spool", valueName: "PATH", help: "Spool folder.", defaultValue: defaultSpool),
        CommandOption("token", valueName: "TOKEN", help: "Auth token (env IILOGS_TOKEN)."),
        CommandOption("tail", .repeated, valueName: "PATH", help: "File to tail; repeat for several."),
        CommandOption("syslog-socket", valueName: "PATH", help: "Unix datagram syslog socket to own, e.g. /dev/log."),
        CommandOption("syslog-udp", valueName: "HOST:PORT", help: "Syslog UDP listener HOST:PORT."),
        CommandOption("syslog-tcp", valueName: "HOST:PORT", help: "Syslog TCP listener HOST:PORT."),
        CommandOption("journald", .flag, help: "Follow the systemd journal through journalctl (resumes from the spooled cursor)."),
        CommandOption("journalctl-path", valueName: "PATH", help: "journalctl program for --journald.",
                      defaultValue: JournaldSettings.defaultJournalctlPath),
        CommandOption("label", .repeated, valueName: "K=V", help: "Fleet label k=v; repeat for several."),
        CommandOption("boot-id-file", valueName: "PATH",
                      help: "Read the kernel boot ID from this file instead of /proc/sys/kernel/random/boot_id (containers, tests)."),
        CommandOption("heartbeat", valueName: "DURATION", help: "Heartbeat interval."),
        CommandOption("flush-interval", valueName: "DURATION", help: "Longest a record waits before its batch is cut."),
        CommandOption("drain-deadline", valueName: "DURATION", help: "On SIGTERM, how long to keep shipping."),
        CommandOption("ack-timeout", valueName: "DURATION",
                      help: "Longest wait for the collector's welcome or next ack before reconnecting (default 60s; 1s–600s)."),
        CommandOption("spool-max-mib", valueName: "MIB", help: "Spool size bound in MiB."),
        CommandOption("control-socket", valueName: "PATH", help: "Control socket path (default <spool>/control.sock)."),
        CommandOption("log-level", valueName: "LEVEL", help: "trace, debug, info, notice, warning, error or critical.", defaultValue: "info"),
        CommandOption("tls", .flag,
                      help: "Connect to the collector over TLS, verifying its certificate (system trust roots unless --tls-ca-file)."),
        CommandOption("tls-ca-file", valueName: "FILE", help: "PEM CA certificate(s) the collector's certificate must chain to."),
        CommandOption("tls-server-name", valueName: "NAME", help: "Name the collector's certificate must carry (default: the --collector host)."),
        CommandOption("tls-cert-file", valueName: "FILE", help: "PEM client certificate, for a collector that requires one (with --tls-key-file)."),
        CommandOption("tls-key-file", valueName: "FILE", help: "PEM private key of --tls-cert-file."),
        CommandOption("metrics-interval", valueName: "DURATION", help: "Between /proc metric samples, e.g. 10s; 0 or off disables the sampler."),
        CommandOption("metrics-root", valueName: "PATH",
                      help: "Folder holding the proc/ and sys/ to sample (the host's root mounted into a container)."),
        CommandOption("statsd-udp", valueName: "HOST:PORT", help: "StatsD UDP listener HOST:PORT, e.g. 127.0.0.1:8125."),
        CommandOption("statsd-socket", valueName: "PATH", help: "StatsD unix datagram socket path."),
        CommandOption("interruption-notice-url", valueName: "URL",
                      help: "Metadata URL to poll for a spot-interruption notice, e.g. \(InterruptionSettings.awsURL) (off by default)."),
        CommandOption("interruption-notice-kind", valueName: "KIND",
                      help: "aws (IMDSv2 token, JSON instance-action) or gcp (Metadata-Flavor: Google, TRUE when preempted).", defaultValue: "aws"),
        CommandOption("interruption-poll-interval", valueName: "DURATION", help: "Between two polls of the notice URL."),
    ])

    /// The log level `--log-level` names.
    public static func logLevel(_ command: ParsedCommand) throws(CommandLineError) -> Logger.Level {
        let text = command.value("log-level") ?? "info"
        guard let level = Logger.Level(rawValue: text) else { throw CommandLineError("--log-level \(text): unknown level", spec: run) }
        return level
    }

    /// The agent's settings from `run`'s arguments and the process environment; resolves the instance
    /// identity (which reads the baked identity file and cloud-init's instance data).
    public static func settings(_ command: ParsedCommand, environment: [String: String], logger: Logger) throws(CommandLineError) -> AgentSettings {
        func fail(_ message: String) -> CommandLineError { CommandLineError(message, spec: run) }
        guard let text = command.value("collector") ?? environment["IILOGS_COLLECTOR"] else {
            throw fail("--collector HOST:PORT is required (or IILOGS_COLLECTOR)")
        }
        guard let address = HostAndPort(parsing: text), address.port > 0 else {
            throw fail("--collector: '\(text)' is not HOST:PORT with a port from 1 to 65535")
        }
        var labels: [String: String] = [:]
        for pair in command.values("label") {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else { throw fail("--label \(pair): expected k=v") }
            labels[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        let identity: InstanceIdentity
        do {
            identity = try IdentityResolver(explicit: .init(instanceID: command.value("instance-id"), imageVersion: command.value("image"), labels: labels),
                                            environment: environment, bootIDPath: command.value("boot-id-file") ?? BootID.defaultPath)
                .resolve(logger: logger)
        } catch {
            throw fail("\(error)")
        }
        var settings = AgentSettings(collectorHost: address.host, collectorPort: address.port,
                                     token: command.value("token") ?? environment["IILOGS_TOKEN"] ?? "", identity: identity,
                                     spoolDirectory: command.value("spool") ?? defaultSpool)
        settings.tailPaths = command.values("tail")
        settings.syslogSocketPath = command.value("syslog-socket")
        settings.syslogUDP = command.value("syslog-udp")
        settings.syslogTCP = command.value("syslog-tcp")
        settings.journald = command.flag("journald")
        settings.journalctlPath = command.value("journalctl-path") ?? JournaldSettings.defaultJournalctlPath
        settings.controlSocketPath = command.value("control-socket")
        if let heartbeat = try command.duration("heartbeat", spec: run) { settings.heartbeatInterval = heartbeat }
        if let flushInterval = try command.duration("flush-interval", spec: run) { settings.flushInterval = flushInterval }
        if let drainDeadline = try command.duration("drain-deadline", spec: run) { settings.drainDeadline = drainDeadline }
        if let ackTimeout = try command.duration("ack-timeout", spec: run) { settings.ackTimeout = ackTimeout }
        if let text = command.value("spool-max-mib") {
            guard let mebibytes = Int(text), mebibytes > 0, mebibytes <= Int.max >> 20 else {
                throw fail("--spool-max-mib \(text): expected a whole number of MiB above 0")
            }
            settings.setSpoolMaxBytes(mebibytes << 20)
        }
        if let text = command.value("metrics-interval") {
            guard let interval = MetricsSettings.parseInterval(text) else {
                throw fail("--metrics-interval \(text): expected a duration such as 10s, or 0/off")
            }
            settings.metrics.interval = interval
        }
        if let root = command.value("metrics-root") { settings.metrics.root = root }
        settings.metrics.statsdUDP = command.value("statsd-udp")
        settings.metrics.statsdSocketPath = command.value("statsd-socket")
        let kindText = command.value("interruption-notice-kind") ?? "aws"
        guard let kind = InterruptionSettings.Kind(rawValue: kindText) else {
            throw fail("--interruption-notice-kind \(kindText): expected aws or gcp")
        }
        settings.interruption.url = command.value("interruption-notice-url")
        settings.interruption.kind = kind
        if let pollInterval = try command.duration("interruption-poll-interval", spec: run) { settings.interruption.pollInterval = pollInterval }
        let caFile = command.value("tls-ca-file"), serverName = command.value("tls-server-name")
        let certificateFile = command.value("tls-cert-file"), keyFile = command.value("tls-key-file")
        if command.flag("tls") || caFile != nil || serverName != nil || certificateFile != nil || keyFile != nil {
            settings.tls = TLSClientSettings(caFile: caFile, serverName: serverName, certificateFile: certificateFile, keyFile: keyFile)
        }
        do { try settings.validate() } catch { throw fail("\(error)") }
        return settings
    }

    // MARK: - event and flush

    static let controlSocketOptions = [
        CommandOption("spool", valueName: "PATH", help: "Spool folder of the running agent (its control socket is <spool>/control.sock).",
                      defaultValue: defaultSpool),
        CommandOption("control-socket", valueName: "PATH", help: "Control socket path, when not <spool>/control.sock."),
    ]

    public static let event = CommandSpec(
        name: "\(programName) event", abstract: "Record a lifecycle event (ready, provisioned, …) in the running agent.",
        options: [CommandOption("detail", valueName: "TEXT", help: "Free text attached to the event.")] + controlSocketOptions
            + [CommandOption("timeout", valueName: "DURATION", help: "How long to wait for the agent.", defaultValue: "10s")],
        positionals: [.init("name", help: "Event name: 1–64 characters of a-z 0-9 . _ -")])

    public static let flush = CommandSpec(
        name: "\(programName) flush", abstract: "Cut the current batch and wait until the collector acknowledged everything spooled.",
        options: [CommandOption("timeout", valueName: "DURATION", help: "Longest wait for acknowledgement.", defaultValue: "30s")]
            + controlSocketOptions)

    /// The control socket `event` and `flush` talk to: `--control-socket`, else `<--spool>/control.sock`.
    public static func controlSocketPath(_ command: ParsedCommand) -> String {
        command.value("control-socket") ?? AgentSettings.controlSocketPath(spoolDirectory: command.value("spool") ?? defaultSpool)
    }

    /// `--timeout` of `event` or `flush`, else `defaultTimeout`.
    public static func timeout(_ command: ParsedCommand, default defaultTimeout: Duration, spec: CommandSpec) throws(CommandLineError) -> Duration {
        try command.duration("timeout", spec: spec) ?? defaultTimeout
    }
}
