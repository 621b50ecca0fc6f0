public import IILogsCore
public import Logging
public import ServiceLifecycle

/// Samples `/proc` and `/sys` every interval and hands each value to the sink as a ``Record/metric(_:)``,
/// with the agent's own counters: a `Service`.
///
/// The first round happens at start and yields gauges only; from the second on, CPU fractions and I/O
/// rates are computed from the difference with the previous round over the monotonic time between them.
/// Reading is a handful of small files and one `statvfs` per reportable mount, done inline.
public struct MetricsSampler: Service {
    /// How often and where.
    public struct Options: Sendable {
        /// Between rounds (`metrics.interval`).
        public var interval: Duration
        /// Root of `/proc` and `/sys` (`metrics.root`).
        public var root: String

        public init(interval: Duration = .seconds(10), root: String = "/") {
            self.interval = interval
            self.root = root
        }
    }

    /// Gathers the agent's counters; nil leaves the `agent.*` counters out.
    public typealias CounterSource = @Sendable () async -> AgentCounters?

    /// What one round read, kept for the next round's differences.
    public struct Round: Sendable {
        public var snapshot: SystemSnapshot
        public var instant: ContinuousClock.Instant
    }

    let options: Options
    let reader: ProcReader
    let sink: any RecordSink
    let counters: CounterSource
    let logger: Logger
    let now: @Sendable () -> Timestamp

    /// A sampler writing into `sink`; `now` is injectable for tests.
    public init(options: Options, sink: any RecordSink, counters: @escaping CounterSource = { nil }, logger: Logger,
                now: @escaping @Sendable () -> Timestamp = Timestamp.now) {
        self.options = options
        self.reader = ProcReader(root: options.root)
        self.sink = sink
        self.counters = counters
        self.logger = logger
        self.now = now
    }

    /// Reads, computes and submits one round; returns it for the next.
    @discardableResult
    public func sampleRound(after previous: Round?) async -> Round {
        let instant = ContinuousClock.now
        let snapshot = reader.snapshot()
        let time = now()
        var samples = snapshot.samples(at: time, previous: previous?.snapshot,
                                       elapsed: previous.map { instant - $0.instant } ?? .zero)
        if let counters = await counters() { samples += counters.samples(at: time) }
        if snapshot.stat == nil, previous == nil {
            logger.warning("cannot read /proc/stat; host metrics will be incomplete", metadata: ["root": "\(options.root)"])
        }
        for sample in samples { await sink.submit(.metric(sample), checkpoint: nil) }
        return Round(snapshot: snapshot, instant: instant)
    }

    /// Samples at start and then every interval until graceful shutdown or cancellation.
    public func run() async throws {
        let interval = options.interval
        try? await cancelWhenGracefulShutdown {
            var previous: Round?
            while !Task.isCancelled {
                previous = await sampleRound(after: previous)
                try await Task.sleep(for: interval)
            }
        }
    }
}
