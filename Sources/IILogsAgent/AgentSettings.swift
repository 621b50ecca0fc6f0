public import IILogsCore

/// Everything the agent runs with; built by `iilogs-agent run` from flags and the environment.
/// Every limit is a named setting with a documented default (docs/AGENT.md).
public struct AgentSettings: Sendable {
    /// This build's version, sent in hello and in the `agent-start` event.
    public static let agentVersion = "0.1.0"

    /// Collector host name or address.
    public var collectorHost: String
    /// Collector agent-protocol port.
    public var collectorPort: Int
    /// Fleet (or per-instance) token sent in hello.
    public var token: String
    /// Who this instance is (resolved by ``IdentityResolver``).
    public var identity: InstanceIdentity
    /// Spool folder (ledger, segments, control socket).
    public var spoolDirectory: String
    /// `spool.maxBytes`: upper bound of the spool on disk.
    public var spoolMaxBytes = 256 << 20
    /// `spool.segmentBytes`: size at which a new segment file starts.
    public var spoolSegmentBytes = 8 << 20
    /// `batch.maxLines`: records per batch.
    public var batchMaxLines = 10_000
    /// `batch.maxBytes`: raw text bytes per batch.
    public var batchMaxBytes = 1 << 20
    /// `batch.flushInterval`: longest a record waits before its batch is cut.
    public var flushInterval: Duration = .seconds(1)
    /// `batch.compressionLevel`: zlib level 1–9 of log blocks.
    public var compressionLevel: Int32 = 6
    /// `heartbeat.interval`: how often a `heartbeat` event is recorded.
    public var heartbeatInterval: Duration = .seconds(10)
    /// `drain.deadline`: on SIGTERM, how long to keep shipping before exiting.
    public var drainDeadline: Duration = .seconds(10)
    /// `reconnect.minBackoff` and `reconnect.maxBackoff`.
    public var reconnectMinBackoff: Duration = .milliseconds(100)
    public var reconnectMaxBackoff: Duration = .seconds(30)
    /// `shipper.maxInFlight`: sent, unacknowledged batches.
    public var maxInFlight = 16
    /// `shipper.pingInterval`: a ping after this long without writing.
    public var pingInterval: Duration = .seconds(15)
    /// `shipper.ackTimeout`: longest wait for the collector's welcome after hello, and for the next ack while
    /// batches are in flight; then the connection is closed, reopened with backoff and the batches resent.
    /// Above the collector's longest throttling wait per batch (30 s, `--max-records-per-second`) plus a commit,
    /// so a slowed-down agent is not mistaken for a dead link.
    public var ackTimeout: Duration = .seconds(60)
    /// Files to tail.
    public var tailPaths: [String] = []
    /// Unix datagram syslog socket to own (e.g. `/dev/log`), nil for none.
    public var syslogSocketPath: String?
    /// Loopback syslog UDP/TCP listeners, `host:port`, nil for none.
    public var syslogUDP: String?
    public var syslogTCP: String?
    /// Follow the systemd journal (`journalctl --output=json --follow`, resuming from the spooled cursor).
    public var journald = false
    /// The `journalctl` program the journald source runs.
    public var journalctlPath = JournaldSettings.defaultJournalctlPath
    /// Control socket; defaults to `<spool>/control.sock`.
    public var controlSocketPath: String?
    /// TLS to the collector (`tls.*`, ``TLSClientSettings``); nil = plain TCP (a warning is logged when the
    /// collector is not on loopback).
    public var tls: TLSClientSettings?
    /// The `/proc` sampler and the StatsD listener (`metrics.*`, `statsd.*`; see ``MetricsSettings``).
    public var metrics = MetricsSettings()
    /// Polling the cloud's metadata endpoint for a spot-interruption notice (`interruption.*`, off by default).
    public var interruption = InterruptionSettings()

    /// Settings with every default; the four required values are given.
    public init(collectorHost: String, collectorPort: Int, token: String = "", identity: InstanceIdentity, spoolDirectory: String) {
        self.collectorHost = collectorHost
        self.collectorPort = collectorPort
        self.token = token
        self.identity = identity
        self.spoolDirectory = spoolDirectory
    }

    /// The control socket path in effect.
    public var effectiveControlSocketPath: String { controlSocketPath ?? Self.controlSocketPath(spoolDirectory: spoolDirectory) }

    /// `<spool>/control.sock`.
    public static func controlSocketPath(spoolDirectory: String) -> String { spoolDirectory + "/control.sock" }
}
