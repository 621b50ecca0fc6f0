public import IILogsCore
public import Logging
import NIOCore
public import ServiceLifecycle

/// Ships spooled batches to the collector: connect, hello, stream in order with a bounded window,
/// mark acknowledged on `ack`, reconnect with jittered backoff, drain on graceful shutdown. A collector
/// that does not answer within ``Options/ackTimeout`` (welcome, ack, or room to write) is dropped and
/// reconnected, the unacknowledged batches resent.
///
/// One loop consumes ``ShipperEvent``s (inbound frames, spool appends, timer ticks, backoff ends,
/// shutdown) from one stream and drives the pure ``ShipperStateMachine``; child tasks only produce
/// events. Spooled entries are wire frames already and are written as they are.
public final class Shipper: Service, Sendable {
    /// What the shipper needs besides the spool.
    public struct Options: Sendable {
        /// Sent in hello.
        public var token: String
        /// Sent in hello; bound to the connection by the collector.
        public var identity: InstanceIdentity
        /// This agent's version, sent in hello.
        public var agentVersion: String
        /// Largest number of sent, unacknowledged batches.
        public var maxInFlight: Int
        /// Reconnect waits.
        public var backoff: Backoff
        /// A ping is sent after this long without writing.
        public var pingInterval: Duration
        /// Longest wait for the welcome after hello, for the next ack while batches are in flight, and for
        /// a write to be taken by the connection; then the connection is closed and reopened.
        public var ackTimeout: Duration
        /// On graceful shutdown, keep shipping at most this long.
        public var drainDeadline: Duration

        /// Creates options with the documented defaults.
        public init(token: String, identity: InstanceIdentity, agentVersion: String, maxInFlight: Int = 16,
                    backoff: Backoff = Backoff(), pingInterval: Duration = .seconds(15), ackTimeout: Duration = .seconds(60),
                    drainDeadline: Duration = .seconds(10)) {
            self.token = token
            self.identity = identity
            self.agentVersion = agentVersion
            self.maxInFlight = maxInFlight
            self.backoff = backoff
            self.pingInterval = pingInterval
            self.ackTimeout = ackTimeout
            self.drainDeadline = drainDeadline
        }
    }

    let options: Options
    let connector: CollectorConnector
    let spool: Spool
    let logger: Logger
    let counters = ShipperCounters()

    /// Creates a shipper; ``run()`` does the work.
    public init(options: Options, connector: CollectorConnector, spool: Spool, logger: Logger) {
        self.options = options
        self.connector = connector
        self.spool = spool
        self.logger = logger
    }

    /// Waits until every spooled entry up to `sequence` is acknowledged; false when `timeout` passes first.
    public func waitUntilAcknowledged(upTo sequence: UInt64, timeout: Duration) async -> Bool {
        await spool.waitUntilAcknowledged(through: sequence, timeout: timeout)
    }

    /// Connections, refusals, batches sent and acknowledged since start.
    public var statistics: ShipperCounters.Snapshot { counters.snapshot }

    public func run() async throws {
        let (events, sink) = AsyncStream.makeStream(of: ShipperEvent.self)
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.watchSpool(sink) }
                group.addTask { await self.tick(sink) }
                var loop = ShipperLoop(shipper: self, sink: sink)
                await loop.run(events: events, group: &group)
                sink.finish()
                group.cancelAll()
            }
        } onGracefulShutdown: {
            sink.yield(.gracefulShutdown)
        }
    }

    private func watchSpool(_ sink: AsyncStream<ShipperEvent>.Continuation) async {
        var seen = await spool.lastSequence
        while !Task.isCancelled {
            await spool.waitForEntries(after: seen)
            let last = await spool.lastSequence
            if last > seen {
                seen = last
                sink.yield(.entriesAppended)
            } else if !Task.isCancelled {
                return  // spool closed
            }
        }
    }

    /// Between two `.tick`s: fine enough for the ping interval and for an ack timeout to be noticed within a quarter of it.
    var tickInterval: Duration { min(options.pingInterval, options.ackTimeout / 4, .seconds(1)) }

    private func tick(_ sink: AsyncStream<ShipperEvent>.Continuation) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: tickInterval) } catch { return }
            sink.yield(.tick(at: .now))
        }
    }
}
