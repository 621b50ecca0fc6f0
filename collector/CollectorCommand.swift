public import ArgumentParser
import IILogsCollector
import IILogsCore
import IILogsPostgresStore
import IILogsStore
import Logging
import ServiceLifecycle
import UnixSignals

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `iilogs-collector`: receives agents' logs, stores them, serves the HTTP API.
@main
struct CollectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iilogs-collector",
        abstract: "Receive logs, metrics and lifecycle events from iilogs agents; store them; serve the HTTP API.",
        discussion: """
            Once both listeners are bound it prints one line to stdout:
              listening agents=HOST:PORT http=HOST:PORT [syslog-tcp=HOST:PORT] [syslog-udp=HOST:PORT] [syslog-tls=HOST:PORT]
            SIGTERM or SIGINT stop it gracefully: listeners close, agent sessions finish the batch \
            they are storing, the store is closed. Environment: IILOGS_TOKEN is used when --token is absent, IILOGS_STORE when --store is.
            """)

    @Option(name: .customLong("data"), help: "Data folder of the store.")
    var dataDirectory = CollectorSettings.defaultDataDirectory

    @Option(name: .customLong("store"),
            help: ArgumentHelp("postgres://USER[:PASSWORD]@HOST:PORT/DATABASE to store in PostgreSQL, shared by several collectors (docs/SCALING.md); default: $IILOGS_STORE, else SQLite in --data.",
                               valueName: "URL"))
    var storeURL: String?

    @Option(name: .customLong("listen"), help: "Agent listener HOST:PORT (default 127.0.0.1:5170; port 0 picks a free port).",
            transform: Self.address)
    var agentListen = CollectorSettings.defaultAgentListen

    @Option(name: .customLong("http"), help: "HTTP API listener HOST:PORT (default 127.0.0.1:5171; port 0 picks a free port).", transform: Self.address)
    var httpListen = CollectorSettings.defaultHTTPListen

    @Option(help: "Fleet token agents must present (default: $IILOGS_TOKEN; none = accept any agent).")
    var token: String?

    @Option(name: .customLong("instance-secret-file"),
            help: ArgumentHelp("File holding a secret per-instance agent tokens are derived from (`iilogs token`; at least 16 bytes). Give two while rotating: the new and the old.",
                               valueName: "FILE"))
    var instanceSecretFiles: [String] = []

    @Option(name: .customLong("read-token-file"), help: ArgumentHelp("File holding the HTTP API's read token (Authorization: Bearer …); none = reads are open.", valueName: "FILE"))
    var readTokenFile: String?

    @Option(name: .customLong("deployer-token-file"), help: ArgumentHelp("File holding the token for POST /v1/events and quarantine release; it can read too.", valueName: "FILE"))
    var deployerTokenFile: String?

    @Option(name: .customLong("tls-cert-file"),
            help: ArgumentHelp("PEM certificate chain (leaf first): serve the agent listener and the HTTP API over TLS, and --syslog-tls (needs --tls-key-file).", valueName: "FILE"))
    var tlsCertFile: String?

    @Option(name: .customLong("tls-key-file"), help: ArgumentHelp("PEM private key of --tls-cert-file.", valueName: "FILE"))
    var tlsKeyFile: String?

    @Option(name: .customLong("tls-client-ca-file"),
            help: ArgumentHelp("PEM CA certificate(s): agents, and senders on --syslog-tls, must present a client certificate signed by it (not the HTTP API).", valueName: "FILE"))
    var tlsClientCAFile: String?

    @Option(help: "Silence after which a running instance counts as lost (default 60s).", transform: Self.duration)
    var lostAfter = CollectorSettings.defaultLostAfter

    @Option(help: "Agent connections served at once; more are refused.")
    var maxConnections = CollectorSettings.defaultMaxConnections

    @Option(help: "Agent connections from one source address served at once; more are refused (default 256).")
    var maxConnectionsPerAddress = CollectorSettings.defaultMaxConnectionsPerAddress

    @Option(help: ArgumentHelp("Records per second one instance may send on average (10 s burst); above it its batches wait, never dropped. 'off' = no limit (default 50000).",
                               valueName: "N"))
    var maxRecordsPerSecond = String(CollectorSettings.defaultMaxRecordsPerSecondPerInstance)

    @Option(help: "How far ahead of --max-records-per-second an instance may run before its batches wait (default 10s).",
            transform: Self.duration)
    var recordsBurst = CollectorSettings.defaultRecordsBurst

    @Option(help: "Largest wire frame accepted, in bytes.")
    var maxFrameBytes = CollectorSettings.defaultMaxFrameBytes

    @Option(help: "Largest inflated batch payload accepted, in bytes.")
    var maxUncompressedBatchBytes = CollectorSettings.defaultMaxUncompressedBatchBytes

    @Option(help: "Time a new connection has to send its hello (default 10s).", transform: Self.duration)
    var helloTimeout = CollectorSettings.defaultHelloTimeout

    @Option(help: "A connection silent this long is closed (default 5m).", transform: Self.duration)
    var idleTimeout = CollectorSettings.defaultIdleTimeout

    @Option(name: .customLong("syslog-tcp"), help: "Plain-syslog TCP listener HOST:PORT (RFC 6587 octet counting or LF framing; default off).",
            transform: Self.address)
    var syslogTCPListen: HostAndPort?

    @Option(name: .customLong("syslog-udp"), help: "Plain-syslog UDP listener HOST:PORT (one message per datagram; default off).",
            transform: Self.address)
    var syslogUDPListen: HostAndPort?

    @Option(name: .customLong("syslog-tls"),
            help: "Syslog over TLS (RFC 5425, octet counting; conventionally port 6514) HOST:PORT, with --tls-cert-file's certificate (default off).",
            transform: Self.address)
    var syslogTLSListen: HostAndPort?

    @Option(name: .customLong("syslog-max-records-per-second"),
            help: ArgumentHelp("Syslog records per second one sender address may send on average (burst: --syslog-records-burst); above it TCP/TLS reads pause (nothing dropped) and UDP datagrams are dropped and counted. 'off' = no limit (default 10000).",
                               valueName: "N"))
    var syslogMaxRecordsPerSecond = String(CollectorSettings.defaultSyslogMaxRecordsPerSecondPerSender)

    @Option(name: .customLong("syslog-records-burst"),
            help: "How far ahead of --syslog-max-records-per-second a syslog sender may run before it is held back (default 10s).",
            transform: Self.duration)
    var syslogRecordsBurst = CollectorSettings.defaultSyslogRecordsBurst

    @Option(name: .customLong("syslog-sd-id"), help: "SD-ID of the structured-data element carrying instance= and image= (default iilogs@53595).")
    var syslogIdentitySDID = CollectorSettings.defaultSyslogIdentitySDID

    @Option(name: .customLong("syslog-map"), parsing: .singleValue,
            help: ArgumentHelp("Syslog senders without the SD element: HOSTNAME glob → image (repeatable, first match wins), e.g. 'web-*=web-v42'.",
                               valueName: "PATTERN=IMAGE"),
            transform: Self.imageRule)
    var syslogImageRules: [SyslogImageRule] = []

    @Option(help: "full: every acknowledged batch is fsynced (survives power loss); normal: survives kill -9 of the collector, not power loss.")
    var storeSynchronous: SQLiteSynchronous = .full

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(name: .customLong("webhook"), help: "Send each notification (instance flagged, image verdict changed) as a signed JSON POST to this http:// URL; repeat for several (docs/WEBHOOKS.md).")
    var webhookURLs: [String] = []

    @Option(name: .customLong("webhook-secret-file"), help: "File holding the HMAC-SHA256 secret of every --webhook (at least 16 bytes; trailing newline ignored).")
    var webhookSecretFile: String?

    @Option(name: .customLong("on-flag-command"), help: "Command run when an instance is flagged: words split at spaces, or a JSON array of arguments; no shell. Repeat for several.")
    var onFlagCommands: [String] = []

    @Option(name: .customLong("rules"), help: "Rule file (YAML, docs/RULES.md); default: the shipped rules (collector/packaging/rules.yaml). An invalid file refuses start-up, naming the rule and field.")
    var rulesFile: String?

    @Flag(name: .customLong("no-rules"), help: "Evaluate no rules: no flags, no quarantine, no image health.")
    var noRules = false

    @Option(help: "How often time-based rules (lost instances, never ready, held thresholds, outliers) are evaluated (default 5s).",
            transform: Self.duration)
    var rulesTickInterval = CollectorSettings.defaultRulesTickInterval

    @Option(help: "How often every image's health verdict is recomputed; a change is sent to the webhooks as image_verdict_changed (default 30s).",
            transform: Self.duration)
    var verdictInterval = CollectorSettings.defaultVerdictInterval

    @Option(name: .customLong("on-verdict-command"), help: "Command run when an image's health verdict changes (same forms as --on-flag-command).")
    var onVerdictCommands: [String] = []

    @Option(help: "A command action running longer is stopped: SIGTERM, then SIGKILL to its process group (default 60s).", transform: Self.duration)
    var commandTimeout = ActionSettings.defaultCommandTimeout

    @Option(help: ArgumentHelp("Keep log lines and metric samples this long, or 'off' (default 30d; at least 1h). Quarantined and lost instances' data is kept until released (docs/RETENTION.md).",
                               valueName: "DURATION"))
    var retention = "30d"

    @Option(help: "How often the retention pass runs (default 1h).", transform: Self.duration)
    var retentionInterval = RetentionSettings.defaultInterval

    @Flag(inversion: .prefixedNo, help: "Merge each instance's small log chunks (a quiet agent's 1-second batches) into larger ones in the background (default on; docs/RETENTION.md \"Compaction\").")
    var compaction = true

    @Option(help: "How often the compaction pass runs; a chunk is merged once it is one interval old (default 10m).", transform: Self.duration)
    var compactionInterval = CompactionSettings.defaultInterval

    @Option(help: "Chunks with fewer lines are merged (default \(CompactionPolicy.defaultSmallChunkLines)).")
    var compactionSmallChunkLines = CompactionPolicy.defaultSmallChunkLines

    @Option(help: "Most lines in a merged chunk (default \(CompactionPolicy.defaultTargetLines)).")
    var compactionTargetLines = CompactionPolicy.defaultTargetLines

    @Option(help: "Longest time range of a merged chunk (default 1h).", transform: Self.duration)
    var compactionMaxSpan = CompactionPolicy.defaultMaxSpan

    @Flag(inversion: .prefixedNo, help: "Compaction builds a template dictionary per image and stores the image's chunks against it (default on; docs/adr/016-template-dictionaries.md).")
    var templateDictionaries = true

    var settings: CollectorSettings {
        var settings = CollectorSettings(
            dataDirectory: dataDirectory, agentListen: agentListen, httpListen: httpListen,
            fleetToken: token ?? ProcessEnvironment.value("IILOGS_TOKEN"),
            maxConnections: maxConnections, maxFrameBytes: maxFrameBytes, maxUncompressedBatchBytes: maxUncompressedBatchBytes,
            helloTimeout: helloTimeout, idleTimeout: idleTimeout, lostAfter: lostAfter,
            syslogTCPListen: syslogTCPListen, syslogUDPListen: syslogUDPListen, syslogIdentitySDID: syslogIdentitySDID,
            webhooks: webhookSettings, actions: actionSettings)
        settings.storeURL = storeURL ?? ProcessEnvironment.value("IILOGS_STORE")
        settings.syslogImageRules = syslogImageRules
        settings.syslogTLSListen = syslogTLSListen
        settings.syslogMaxRecordsPerSecondPerSender = syslogMaxRecordsPerSecond == "off" ? nil : Int(syslogMaxRecordsPerSecond) ?? 0
        settings.syslogRecordsBurst = syslogRecordsBurst
        settings.rulesTickInterval = rulesTickInterval
        settings.maxConnectionsPerAddress = maxConnectionsPerAddress
        settings.recordsBurst = recordsBurst
        settings.maxRecordsPerSecondPerInstance = maxRecordsPerSecond == "off" ? nil : Int(maxRecordsPerSecond) ?? 0
        settings.apiAccess = APIAccess(readToken: readTokenFile.flatMap { try? SecretFile.read($0) },
                                       deployerToken: deployerTokenFile.flatMap { try? SecretFile.read($0) })
        settings.instanceTokenSecrets = instanceSecretFiles.compactMap { try? Array(SecretFile.read($0).utf8) }
        settings.retention = RetentionSettings(keep: retention == "off" ? nil : DurationParser.parse(retention) ?? .zero,
                                               interval: retentionInterval)
        settings.compaction = CompactionSettings(isEnabled: compaction, interval: compactionInterval, smallChunkLines: compactionSmallChunkLines,
                                                 targetLines: compactionTargetLines, maxSpan: compactionMaxSpan,
                                                 templateDictionaries: templateDictionaries)
        settings.verdictInterval = verdictInterval
        if tlsCertFile != nil || tlsKeyFile != nil {
            settings.tls = TLSServerSettings(certificateFile: tlsCertFile ?? "", keyFile: tlsKeyFile ?? "", clientCAFile: tlsClientCAFile)
        }
        if noRules { settings.disableRules() } else if let rulesFile { try? settings.loadRules(file: rulesFile) }
        return settings
    }

    /// `--webhook` URLs with the secret of `--webhook-secret-file` (empty when unreadable: `validate()` reports that).
    var webhookSettings: WebhookSettings {
        let secret = webhookSecretFile.flatMap { try? SecretFile.read($0) } ?? ""
        return WebhookSettings(endpoints: webhookURLs.map { WebhookEndpointSettings(url: $0, secret: secret) })
    }

    /// `--on-flag-command` and `--on-verdict-command` (unparsable ones are left out: `validate()` reports them).
    var actionSettings: ActionSettings {
        let flag = onFlagCommands.compactMap { try? CommandActionSettings.argv(parsing: $0, key: "--on-flag-command") }
            .map { CommandActionSettings(argv: $0, kinds: [.instanceFlagged]) }
        let verdict = onVerdictCommands.compactMap { try? CommandActionSettings.argv(parsing: $0, key: "--on-verdict-command") }
            .map { CommandActionSettings(argv: $0, kinds: [.imageVerdictChanged]) }
        return ActionSettings(commands: flag + verdict, commandTimeout: commandTimeout)
    }

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be trace, debug, info, notice, warning, error or critical, got '\(logLevel)'")
        }
        let secretFiles = instanceSecretFiles.map { ("--instance-secret-file", $0) }
            + [("--read-token-file", readTokenFile), ("--deployer-token-file", deployerTokenFile)].compactMap { key, file in file.map { (key, $0) } }
        for (flag, file) in secretFiles {
            do {
                if try SecretFile.read(file).isEmpty { throw ValidationError("\(flag): \(file) is empty") }
            } catch let error as ActionFileError {
                throw ValidationError("\(flag): \(error.description)")
            }
        }
        if let webhookSecretFile {
            do {
                _ = try SecretFile.read(webhookSecretFile)
            } catch {
                throw ValidationError("--webhook-secret-file: \(error.description)")
            }
        }
        if maxRecordsPerSecond != "off" && Int(maxRecordsPerSecond) == nil {
            throw ValidationError("--max-records-per-second: expected a number or 'off', got '\(maxRecordsPerSecond)'")
        }
        if syslogMaxRecordsPerSecond != "off" && Int(syslogMaxRecordsPerSecond) == nil {
            throw ValidationError("--syslog-max-records-per-second: expected a number or 'off', got '\(syslogMaxRecordsPerSecond)'")
        }
        if syslogTLSListen != nil && tlsCertFile == nil {
            throw ValidationError("--syslog-tls needs a certificate: set --tls-cert-file and --tls-key-file")
        }
        if retention != "off" && DurationParser.parse(retention) == nil {
            throw ValidationError("--retention: expected a duration like 30d or 12h, or 'off', got '\(retention)'")
        }
        if (tlsCertFile == nil) != (tlsKeyFile == nil) { throw ValidationError("--tls-cert-file and --tls-key-file go together") }
        if tlsClientCAFile != nil && tlsCertFile == nil { throw ValidationError("--tls-client-ca-file needs --tls-cert-file and --tls-key-file") }
        if let storeURL = settings.storeURL {
            do {
                _ = try PostgresStoreURL(parsing: storeURL)
            } catch {
                throw ValidationError("--store: \(error.message)")
            }
        }
        if noRules && rulesFile != nil { throw ValidationError("--rules and --no-rules exclude each other") }
        if let rulesFile, !noRules {
            var probe = CollectorSettings()
            do {
                try probe.loadRules(file: rulesFile)
            } catch {
                throw ValidationError(error.description)
            }
        }
        do {
            for text in onFlagCommands { _ = try CommandActionSettings.argv(parsing: text, key: "--on-flag-command") }
            for text in onVerdictCommands { _ = try CommandActionSettings.argv(parsing: text, key: "--on-verdict-command") }
            try settings.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "iilogs-collector")
        let settings = settings
        let store: any LogStore
        if let storeURL = settings.storeURL {
            store = try await PostgresStore.open(url: storeURL, logger: logger)
        } else {
            store = try SQLiteStore(directory: settings.dataDirectory, synchronous: storeSynchronous, logger: logger)
        }
        let collector = Collector(settings: settings, store: store, logger: logger) { addresses in
            print(addresses.description)
            fflush(nil)  // flushes stdout: scripts wait for this line
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: collector)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    static func address(_ text: String) throws -> HostAndPort {
        guard let address = HostAndPort(parsing: text) else {
            throw ValidationError("expected HOST:PORT (e.g. 127.0.0.1:5170, [::1]:0), got '\(text)'")
        }
        return address
    }

    static func imageRule(_ text: String) throws -> SyslogImageRule {
        do {
            return try SyslogImageRule(parsing: text)
        } catch {
            throw ValidationError("--syslog-map: \(error.problem)")
        }
    }

    static func duration(_ text: String) throws -> Duration {
        guard let duration = DurationParser.parse(text) else {
            throw ValidationError("expected a duration like 30s, 5m or 1h, got '\(text)'")
        }
        return duration
    }
}

/// Reads one environment variable without Foundation.
enum ProcessEnvironment {
    static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}

extension SQLiteSynchronous: ExpressibleByArgument {}
