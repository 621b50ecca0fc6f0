public import IILogsCore
public import IILogsRules

/// Everything a collector needs to run, built once at the edge (flags, environment) and validated.
public struct CollectorSettings: Sendable, Hashable {
    /// Folder of the embedded store (and of the collector's other files, e.g. webhook state).
    public var dataDirectory: String
    /// The store: nil = the embedded SQLite store in ``dataDirectory``; `postgres://user@host:port/database` = a
    /// PostgreSQL store, which several collectors can share (docs/SCALING.md).
    public var storeURL: String?
    /// This collector process's name in the store's registry (``CollectorID``): several collectors sharing a
    /// PostgreSQL store tell from it which of them an instance talks to now.
    public var collectorID = CollectorID.generate()
    /// Where agents connect (iilogs wire protocol).
    public var agentListen: HostAndPort
    /// Where the HTTP API listens.
    public var httpListen: HostAndPort
    /// Shared secret agents present in their hello; nil or empty accepts any agent (a warning is logged
    /// when the agent listener is reachable beyond loopback).
    public var fleetToken: String?
    /// Secrets per-instance agent tokens are derived from (``InstanceToken``): the current one and, while
    /// rotating, the previous one. A token opens the wire protocol for its own instance only.
    public var instanceTokenSecrets: [[UInt8]] = []
    /// TLS on the agent listener and the HTTP API (``TLSServerSettings``); nil = plain TCP, with a warning
    /// for each listener bound beyond loopback.
    public var tls: TLSServerSettings?
    /// Tokens of the HTTP API (read, deployer); none = open, with a warning when bound beyond loopback.
    public var apiAccess = APIAccess()
    /// Open agent connections beyond this are refused with `tooManyConnections`.
    public var maxConnections: Int
    /// Open agent connections from one source IP address beyond this are refused with `tooManyConnections`
    /// (one host cannot take every slot; an agent needs one, a NAT gateway may front many).
    public var maxConnectionsPerAddress = CollectorSettings.defaultMaxConnectionsPerAddress
    /// Records (lines, events, samples) per second one instance may send on average, with a 10 s burst;
    /// above it its batches wait before they are stored (counted, never dropped); nil = no limit.
    public var maxRecordsPerSecondPerInstance: Int? = CollectorSettings.defaultMaxRecordsPerSecondPerInstance
    /// How far ahead of that rate an instance may run before it waits (0s–10m).
    public var recordsBurst = CollectorSettings.defaultRecordsBurst
    /// Largest wire frame accepted (header excluded).
    public var maxFrameBytes: Int
    /// Largest inflated size of one batch's payload (zip-bomb guard).
    public var maxUncompressedBatchBytes: Int
    /// A connection that sends no hello within this is refused with `timeout`.
    public var helloTimeout: Duration
    /// A connection that sends no frame for this long is refused with `timeout`.
    public var idleTimeout: Duration
    /// An instance whose heartbeats stop for longer than this is `lost`.
    public var lostAfter: Duration
    /// Plain-syslog TCP listener (RFC 6587 octet counting or LF framing); nil = off.
    public var syslogTCPListen: HostAndPort?
    /// Plain-syslog UDP listener (one message per datagram); nil = off.
    public var syslogUDPListen: HostAndPort?
    /// Syslog over TLS (RFC 5425) with the certificate of ``tls``, which it requires; client certificates
    /// when ``TLSServerSettings/clientCAFile`` is set; nil = off.
    public var syslogTLSListen: HostAndPort?
    /// Records per second one syslog sender (source IP address) may send on average, with a burst of
    /// ``syslogRecordsBurst``; above it a TCP/TLS connection's reads pause (nothing dropped) and UDP
    /// datagrams are dropped and counted (`syslog_rate_limit`); nil = no limit.
    public var syslogMaxRecordsPerSecondPerSender: Int? = CollectorSettings.defaultSyslogMaxRecordsPerSecondPerSender
    /// How far ahead of that rate a syslog sender may run before it is held back (0s–10m).
    public var syslogRecordsBurst = CollectorSettings.defaultSyslogRecordsBurst
    /// Longest syslog message kept; longer ones are cut and marked `truncated=true`.
    public var syslogMaxMessageBytes: Int
    /// SD-ID of the structured-data element that carries `instance` and `image` in plain syslog.
    public var syslogIdentitySDID: String
    /// Open syslog TCP connections beyond this are closed at once.
    public var syslogMaxConnections: Int
    /// Webhooks to deployers (docs/WEBHOOKS.md); no endpoints = off.
    public var webhooks: WebhookSettings
    /// Operator commands run on notifications (docs/WEBHOOKS.md); none = off.
    public var actions: ActionSettings
    /// Hostname pattern → image version for syslog senders without the identity SD element; first match wins.
    public var syslogImageRules: [SyslogImageRule] = []
    /// Rules evaluated as data arrives (docs/RULES.md); nil = rules off (`--no-rules`): no flags, no health.
    public var rules: RuleFile? = RuleFile.defaults()
    /// How often time-based rules (`heartbeat_missing`, `never_ready`, held thresholds, outliers) are evaluated.
    public var rulesTickInterval = CollectorSettings.defaultRulesTickInterval
    /// How long log lines and metric samples are kept (quarantined and lost instances' data longer).
    public var retention = RetentionSettings()
    /// How small log chunks are merged into larger ones (docs/RETENTION.md "Compaction").
    public var compaction = CompactionSettings()
    /// How often every image's verdict is recomputed to send `image_verdict_changed` notifications (docs/WEBHOOKS.md).
    public var verdictInterval = CollectorSettings.defaultVerdictInterval

    public static let defaultDataDirectory = "./iilogs-data"
    public static let defaultAgentListen = HostAndPort(host: "127.0.0.1", port: 5170)
    public static let defaultHTTPListen = HostAndPort(host: "127.0.0.1", port: 5171)
    public static let defaultMaxConnections = 10_000
    public static let defaultMaxConnectionsPerAddress = 256
    public static let defaultMaxRecordsPerSecondPerInstance = 50_000
    public static let defaultRecordsBurst = Duration.seconds(10)
    public static let defaultMaxFrameBytes = 8 << 20
    public static let defaultMaxUncompressedBatchBytes = 64 << 20
    public static let defaultHelloTimeout = Duration.seconds(10)
    public static let defaultIdleTimeout = Duration.seconds(300)
    public static let defaultLostAfter = Duration.seconds(60)
    public static let defaultSyslogMaxMessageBytes = 64 << 10
    public static let defaultSyslogIdentitySDID = "iilogs@53595"
    public static let defaultSyslogMaxConnections = 1024
    public static let defaultSyslogMaxRecordsPerSecondPerSender = 10_000
    public static let defaultSyslogRecordsBurst = Duration.seconds(10)
    public static let defaultRulesTickInterval = Duration.seconds(5)
    /// Instance-token secrets valid at once: the current one and the one being rotated out.
    public static let maximumInstanceTokenSecrets = 2
    public static let defaultVerdictInterval = Duration.seconds(30)
    /// Smallest syslog message limit accepted: a header plus a short message must fit.
    public static let minimumSyslogMessageBytes = 480
    /// Largest syslog message limit accepted (memory per connection; a UDP datagram is at most 65,507 bytes).
    public static let maximumSyslogMessageBytes = 16 << 20
    /// Longest SD-ID accepted (RFC 5424 SD-NAME).
    public static let maximumSyslogSDIDBytes = 32

    /// Smallest frame limit accepted: a hello with long identity fields must fit.
    public static let minimumFrameBytes = 4 << 10
    /// Largest frame limit accepted: the wire format's length field and memory per connection.
    public static let maximumFrameBytes = 1 << 30
    /// Largest inflated batch limit accepted.
    public static let maximumUncompressedBatchBytes = 1 << 30

    /// Settings with every default; override what you need.
    public init(
        dataDirectory: String = CollectorSettings.defaultDataDirectory,
        agentListen: HostAndPort = CollectorSettings.defaultAgentListen,
        httpListen: HostAndPort = CollectorSettings.defaultHTTPListen,
        fleetToken: String? = nil,
        maxConnections: Int = CollectorSettings.defaultMaxConnections,
        maxFrameBytes: Int = CollectorSettings.defaultMaxFrameBytes,
        maxUncompressedBatchBytes: Int = CollectorSettings.defaultMaxUncompressedBatchBytes,
        helloTimeout: Duration = CollectorSettings.defaultHelloTimeout,
        idleTimeout: Duration = CollectorSettings.defaultIdleTimeout,
        lostAfter: Duration = CollectorSettings.defaultLostAfter,
        syslogTCPListen: HostAndPort? = nil,
        syslogUDPListen: HostAndPort? = nil,
        syslogMaxMessageBytes: Int = CollectorSettings.defaultSyslogMaxMessageBytes,
        syslogIdentitySDID: String = CollectorSettings.defaultSyslogIdentitySDID,
        syslogMaxConnections: Int = CollectorSettings.defaultSyslogMaxConnections,
        webhooks: WebhookSettings = WebhookSettings(),
        actions: ActionSettings = ActionSettings()
    ) {
        self.dataDirectory = dataDirectory
        self.agentListen = agentListen
        self.httpListen = httpListen
        self.fleetToken = fleetToken
        self.maxConnections = maxConnections
        self.maxFrameBytes = maxFrameBytes
        self.maxUncompressedBatchBytes = maxUncompressedBatchBytes
        self.helloTimeout = helloTimeout
        self.idleTimeout = idleTimeout
        self.lostAfter = lostAfter
        self.syslogTCPListen = syslogTCPListen
        self.syslogUDPListen = syslogUDPListen
        self.syslogMaxMessageBytes = syslogMaxMessageBytes
        self.syslogIdentitySDID = syslogIdentitySDID
        self.syslogMaxConnections = syslogMaxConnections
        self.webhooks = webhooks
        self.actions = actions
    }

    /// Folder of the webhook outbox and delivery log: `DATA/webhooks`.
    public var webhookDirectory: String { dataDirectory + "/" + WebhookSettings.folderName }

    /// The decoder limits agent connections use.
    public var wireLimits: WireLimits {
        WireLimits(maxFrameBytes: maxFrameBytes, maxUncompressedBatchBytes: maxUncompressedBatchBytes)
    }

    /// True when agents must present a token.
    public var requiresToken: Bool { !(fleetToken ?? "").isEmpty || !instanceTokenSecrets.isEmpty }

    /// Checks every setting; the error names the first failing key.
    public func validate() throws(SettingsError) {
        if dataDirectory.isEmpty { throw SettingsError(key: "dataDirectory", problem: "must not be empty") }
        if let storeURL, !(storeURL.hasPrefix("postgres://") || storeURL.hasPrefix("postgresql://")) {
            throw SettingsError(key: "storeURL", problem: "must be postgres://user@host:port/database (or unset for SQLite in the data folder)")
        }
        if rulesTickInterval < .milliseconds(100) || rulesTickInterval > .seconds(60) {
            throw SettingsError(key: "rulesTickInterval", problem: "must be between 100ms and 60s, got \(rulesTickInterval)")
        }
        if verdictInterval < .milliseconds(100) || verdictInterval > .seconds(3_600) {
            throw SettingsError(key: "verdictInterval", problem: "must be between 100ms and 1h, got \(DurationParser.format(verdictInterval))")
        }
        var listeners = [("agentListen", agentListen), ("httpListen", httpListen)]
        if let syslogTCPListen { listeners.append(("syslogTCPListen", syslogTCPListen)) }
        if let syslogUDPListen { listeners.append(("syslogUDPListen", syslogUDPListen)) }
        if let syslogTLSListen { listeners.append(("syslogTLSListen", syslogTLSListen)) }
        for (key, address) in listeners {
            if address.host.isEmpty { throw SettingsError(key: key, problem: "host must not be empty") }
            if !(0...65_535).contains(address.port) {
                throw SettingsError(key: key, problem: "port must be 0–65535, got \(address.port)")
            }
        }
        if maxConnections < 1 {
            throw SettingsError(key: "maxConnections", problem: "must be at least 1, got \(maxConnections)")
        }
        if let limit = maxRecordsPerSecondPerInstance, limit < 1 {
            throw SettingsError(key: "maxRecordsPerSecondPerInstance", problem: "must be at least 1 (or off), got \(limit)")
        }
        if recordsBurst < .zero || recordsBurst > .seconds(600) {
            throw SettingsError(key: "recordsBurst", problem: "must be 0s–10m, got \(DurationParser.format(recordsBurst))")
        }
        if maxConnectionsPerAddress < 1 {
            throw SettingsError(key: "maxConnectionsPerAddress", problem: "must be at least 1, got \(maxConnectionsPerAddress)")
        }
        if !(Self.minimumFrameBytes...Self.maximumFrameBytes).contains(maxFrameBytes) {
            throw SettingsError(
                key: "maxFrameBytes",
                problem: "must be \(Self.minimumFrameBytes)–\(Self.maximumFrameBytes) bytes, got \(maxFrameBytes)")
        }
        if !(Self.minimumFrameBytes...Self.maximumUncompressedBatchBytes).contains(maxUncompressedBatchBytes) {
            throw SettingsError(
                key: "maxUncompressedBatchBytes",
                problem: "must be \(Self.minimumFrameBytes)–\(Self.maximumUncompressedBatchBytes) bytes, got \(maxUncompressedBatchBytes)")
        }
        if !(Self.minimumSyslogMessageBytes...Self.maximumSyslogMessageBytes).contains(syslogMaxMessageBytes) {
            throw SettingsError(
                key: "syslogMaxMessageBytes",
                problem: "must be \(Self.minimumSyslogMessageBytes)–\(Self.maximumSyslogMessageBytes) bytes, got \(syslogMaxMessageBytes)")
        }
        let sdIDBytes = Array(syslogIdentitySDID.utf8)
        if sdIDBytes.isEmpty || sdIDBytes.count > Self.maximumSyslogSDIDBytes
            || sdIDBytes.contains(where: { $0 <= 0x20 || $0 >= 0x7F || $0 == 0x3D || $0 == 0x5D || $0 == 0x22 }) {
            throw SettingsError(
                key: "syslogIdentitySDID",
                problem: "must be 1–\(Self.maximumSyslogSDIDBytes) printable ASCII characters without space, '=', ']' or '\"', got '\(syslogIdentitySDID)'")
        }
        if syslogMaxConnections < 1 {
            throw SettingsError(key: "syslogMaxConnections", problem: "must be at least 1, got \(syslogMaxConnections)")
        }
        for rule in syslogImageRules { try rule.validate() }
        try validateSyslogTLSAndLimits()
        for (key, duration) in [("helloTimeout", helloTimeout), ("idleTimeout", idleTimeout), ("lostAfter", lostAfter)] {
            if duration <= .zero {
                throw SettingsError(key: key, problem: "must be positive, got \(DurationParser.format(duration))")
            }
        }
        try tls?.validate()
        try webhooks.validate()
        try actions.validate()
        try retention.validate()
        try compaction.validate()
        if instanceTokenSecrets.count > Self.maximumInstanceTokenSecrets {
            throw SettingsError(key: "instanceTokenSecrets", problem: "at most \(Self.maximumInstanceTokenSecrets) (the current and the previous secret), got \(instanceTokenSecrets.count)")
        }
        for (index, secret) in instanceTokenSecrets.enumerated() where secret.count < InstanceToken.minimumSecretBytes {
            throw SettingsError(key: "instanceTokenSecrets[\(index)]", problem: "must be at least \(InstanceToken.minimumSecretBytes) bytes, got \(secret.count)")
        }
    }
}
