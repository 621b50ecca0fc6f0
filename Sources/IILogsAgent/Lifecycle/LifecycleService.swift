public import IILogsCore
public import Logging
public import ServiceLifecycle

/// Records the agent's lifecycle events and owns the shutdown drain.
///
/// At start: `boot` (only when the kernel boot ID differs from the one the spool remembers, with the
/// uptime), `agent-start` (with the agent version), `agent-recovered` when the previous run did not
/// stop cleanly. Then `heartbeat` every interval. On graceful shutdown (SIGTERM): `terminating`,
/// flush, wait until everything spooled is acknowledged or the drain deadline passes, then
/// `shutdown`, flushed and waited for within the same deadline. The spool stays open: sources may
/// still read the instance's last lines after this drain, and the agent closes the spool once every
/// service has stopped (``Spool/closeAfterDrain()``).
public struct LifecycleService: Service {
    /// What the service needs to know about this run.
    public struct Options: Sendable {
        /// The kernel boot ID of this boot.
        public var bootID: String
        /// Time since boot, nil when unknown.
        public var uptime: Duration?
        /// Sent in the `agent-start` event.
        public var agentVersion: String
        /// Between heartbeats.
        public var heartbeatInterval: Duration
        /// Bound on the whole shutdown drain.
        public var drainDeadline: Duration

        /// Creates options.
        public init(bootID: String, uptime: Duration?, agentVersion: String, heartbeatInterval: Duration, drainDeadline: Duration) {
            self.bootID = bootID
            self.uptime = uptime
            self.agentVersion = agentVersion
            self.heartbeatInterval = heartbeatInterval
            self.drainDeadline = drainDeadline
        }
    }

    let options: Options
    let batcher: any BatchFlusher
    let spool: Spool
    let logger: Logger
    let now: @Sendable () -> Timestamp

    /// Creates the service; `now` is injectable for tests.
    public init(options: Options, batcher: any BatchFlusher, spool: Spool, logger: Logger,
                now: @escaping @Sendable () -> Timestamp = Timestamp.now) {
        self.options = options
        self.batcher = batcher
        self.spool = spool
        self.logger = logger
        self.now = now
    }

    func record(_ name: LifecycleEvent.Name, detail: String = "", fields: [LogField] = []) async {
        await batcher.submit(.lifecycle(LifecycleEvent(time: now(), name: name, bootID: options.bootID, detail: detail, fields: fields)),
                             checkpoint: nil)
    }

    /// Records the start events; true when a `boot` event was recorded.
    @discardableResult
    public func recordStart() async -> Bool {
        var booted = false
        if await spool.lastBootID != options.bootID {
            let seconds = options.uptime.map { String(Double($0.totalNanoseconds) / 1e9) } ?? "unknown"
            await record(.boot, detail: "uptime \(seconds)s", fields: [LogField("uptime_seconds", seconds)])
            booted = true
        }
        await record(.agentStart, detail: "iilogs-agent \(options.agentVersion)", fields: [LogField("agent_version", options.agentVersion)])
        let endedCleanly = spool.previousRunEndedCleanly
        let newStream = spool.recoveryReport.newStream
        let crashed = !endedCleanly && !newStream ? "the previous run did not stop cleanly" : nil
        let reasons = [crashed, spool.recoveryReport.summary].compactMap { $0 }
        if !reasons.isEmpty {
            await record(.agentRecovered, detail: reasons.joined(separator: "; "))
        }
        _ = await batcher.flush()
        do { try await spool.recordBootID(options.bootID) } catch {
            logger.error("cannot record the boot ID in the spool ledger", metadata: ["error": "\(error)"])
        }
        return booted
    }

    public func run() async throws {
        await recordStart()
        let interval = options.heartbeatInterval
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await record(.heartbeat)
            }
        }
        guard Task.isShuttingDownGracefully else { return }  // cancelled outright: no drain
        _ = await drain()
    }

    /// `terminating`, flush, wait; `shutdown`, flush, wait. True when fully acknowledged in time.
    public func drain() async -> Bool {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: options.drainDeadline)
        await record(.terminating, detail: "graceful shutdown")
        let first = await spool.waitUntilAcknowledged(through: await batcher.flush(), timeout: deadline - clock.now)
        await record(.shutdown, detail: first ? "drained" : "drain deadline passed")
        let last = await batcher.flush()
        let second = await spool.waitUntilAcknowledged(through: last, timeout: max(.zero, deadline - clock.now))
        let clean = first && second
        if !clean {
            let unacknowledged = await spool.unacknowledgedEntries
            logger.warning("shutdown drain incomplete; the shipper keeps trying until its own deadline",
                           metadata: ["unacknowledged": "\(unacknowledged)"])
        }
        return clean
    }
}
