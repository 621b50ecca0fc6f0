public import IILogsCore
public import Logging
public import NIOCore
public import NIOPosix
public import ServiceLifecycle

/// Receives StatsD lines on a loopback UDP port and/or a unix datagram socket, aggregates them and
/// submits the interval's samples every `flushInterval`: a `Service`. Events are recorded as they
/// arrive. A final flush runs when the service stops. Refused lines are counted, never fatal.
public struct StatsDListener: Service {
    /// Everything the listener needs to know.
    public struct Options: Sendable {
        /// Default ``maxDatagramBytes``: the largest UDP payload.
        public static let defaultMaxDatagramBytes = 65_507
        /// Default ``permissions`` of the unix socket: any local program may write.
        public static let defaultPermissions: UInt32 = 0o666

        /// UDP listener (`statsd.udp`), nil for none.
        public var udp: HostAndPort?
        /// Unix datagram socket path (`statsd.socket`), nil for none.
        public var socketPath: String?
        /// `statsd.flushInterval`.
        public var flushInterval: Duration
        /// `statsd.maxLineBytes`.
        public var maxLineBytes: Int
        /// `statsd.maxNamesPerInterval` and the timer reservoir size.
        public var limits: StatsDAggregator.Limits
        /// Longer datagrams are cut to this size.
        public var maxDatagramBytes: Int
        public var permissions: UInt32

        public init(udp: HostAndPort? = nil, socketPath: String? = nil, flushInterval: Duration = .seconds(10),
                    maxLineBytes: Int = StatsDParser.defaultMaxLineBytes, limits: StatsDAggregator.Limits = .init(),
                    maxDatagramBytes: Int = Self.defaultMaxDatagramBytes, permissions: UInt32 = Self.defaultPermissions) {
            self.udp = udp
            self.socketPath = socketPath
            self.flushInterval = flushInterval
            self.maxLineBytes = maxLineBytes
            self.limits = limits
            self.maxDatagramBytes = max(1, maxDatagramBytes)
            self.permissions = permissions
        }
    }

    /// Longest a unix socket receive call waits before the loop looks for cancellation and shutdown.
    static let receiveTimeout: Duration = .milliseconds(200)
    /// Most datagrams taken per unix socket receive call.
    static let maxDatagramsPerReceive = 256

    public let options: Options
    /// Counters and the bound port.
    public let stats: StatsDStats
    let intake: StatsDIntake
    let sink: any RecordSink
    let logger: Logger
    let bootID: String
    let eventLoopGroup: any EventLoopGroup
    let now: @Sendable () -> Timestamp

    public init(options: Options, sink: any RecordSink, bootID: String = "", logger: Logger,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, stats: StatsDStats = StatsDStats(),
                now: @escaping @Sendable () -> Timestamp = Timestamp.now) {
        self.options = options
        self.stats = stats
        self.intake = StatsDIntake(parser: StatsDParser(maxLineBytes: options.maxLineBytes), limits: options.limits, stats: stats)
        self.sink = sink
        self.bootID = bootID
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup
        self.now = now
    }

    /// Binds, receives and flushes until cancelled or graceful shutdown, then flushes once more.
    /// A bind failure throws (after the final flush).
    public func run() async throws {
        var failure: (any Error)?
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let udp = options.udp { group.addTask { try await runUDP(udp) } }
                if let path = options.socketPath { group.addTask { try await runSocket(path) } }
                group.addTask { await flushLoop() }
                // `next()` rethrows the first failure at once (waitForAll would wait for the flush loop first);
                // leaving the group by throwing cancels the other tasks.
                while try await group.next() != nil {}
            }
        } catch is CancellationError {
        } catch {
            failure = error
        }
        await flush()
        if let failure {
            logger.error("statsd listener failed", metadata: ["error": "\(failure)"])
            throw failure
        }
    }

    /// Submits the interval's samples now.
    public func flush() async {
        for sample in intake.flush(at: now()) { await sink.submit(.metric(sample), checkpoint: nil) }
    }

    private func flushLoop() async {
        let interval = options.flushInterval
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                await flush()
            }
        }
    }

    /// Aggregates a datagram, records its events, logs its refused lines (debug).
    func handle(_ bytes: some Collection<UInt8>, truncated: Bool) async {
        let (events, errors) = intake.receive(bytes, truncated: truncated)
        for error in errors { logger.debug("statsd line refused", metadata: ["reason": "\(error.reason)", "error": "\(error)"]) }
        for event in events {
            let record = LifecycleEvent(time: now(), name: LifecycleEvent.Name(rawValue: event.name), bootID: bootID,
                                        detail: event.detail, fields: [LogField("source", "statsd")])
            await sink.submit(.lifecycle(record), checkpoint: nil)
        }
    }
}
