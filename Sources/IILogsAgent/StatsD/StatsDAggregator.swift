public import IILogsCore

/// Sums StatsD updates over one flush interval and turns them into samples (pure; the listener owns
/// the clock). Per interval: a counter gives its count, a gauge its last value, a timer
/// `.count .min .max .mean .p50 .p90 .p99`, a set its number of distinct members.
public struct StatsDAggregator: Sendable {
    /// Bounds on memory per interval.
    public struct Limits: Sendable, Hashable {
        /// Default ``maxNames`` (`statsd.maxNamesPerInterval`).
        public static let defaultMaxNames = 1000
        /// Default ``maxTimerSamples``.
        public static let defaultMaxTimerSamples = 1000

        /// Distinct (name, tags) series updated in one interval; updates of further series are dropped
        /// and counted (`statsd_too_many_names`) until the next flush.
        public var maxNames: Int
        /// Timer values kept per series for percentiles (a uniform reservoir sample beyond it; count,
        /// min, max and mean stay exact). Also the most members counted per set.
        public var maxTimerSamples: Int

        public init(maxNames: Int = Self.defaultMaxNames, maxTimerSamples: Int = Self.defaultMaxTimerSamples) {
            self.maxNames = max(1, maxNames)
            self.maxTimerSamples = max(1, maxTimerSamples)
        }
    }

    struct Key: Hashable, Sendable {
        var name: String
        var tags: [LogField]
    }

    struct TimerState: Sendable {
        var count = 0.0
        var seen = 0
        var min = Double.infinity
        var max = -Double.infinity
        var sum = 0.0
        var reservoir: [Double] = []
    }

    struct GaugeState: Sendable {
        var value: Double
        var updated: Bool
    }

    public let limits: Limits
    var counters: [Key: Double] = [:]
    var gauges: [Key: GaugeState] = [:]
    var timers: [Key: TimerState] = [:]
    var sets: [Key: Set<String>] = [:]
    /// Series updated in the current interval.
    var updatedThisInterval: Set<Key> = []

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Adds one update; false when it was dropped because ``Limits/maxNames`` series were already updated
    /// in this interval. `random` picks reservoir slots (injectable for tests).
    @discardableResult
    public mutating func add(_ metric: StatsDMetric, random: (Int) -> Int = { Int.random(in: 0..<$0) }) -> Bool {
        let key = Key(name: metric.name, tags: metric.tags)
        if !updatedThisInterval.contains(key) {
            guard updatedThisInterval.count < limits.maxNames else { return false }
            updatedThisInterval.insert(key)
        }
        switch metric.kind {
        case .counter:
            counters[key, default: 0] += metric.value / metric.sampleRate
        case .gauge(let isDelta):
            let base = isDelta ? (gauges[key]?.value ?? 0) : 0
            gauges[key] = GaugeState(value: base + metric.value, updated: true)
        case .timer:
            var state = timers[key] ?? TimerState()
            state.count += 1 / metric.sampleRate
            state.seen += 1
            state.min = Swift.min(state.min, metric.value)
            state.max = Swift.max(state.max, metric.value)
            state.sum += metric.value
            if state.reservoir.count < limits.maxTimerSamples {
                state.reservoir.append(metric.value)
            } else {
                let slot = random(state.seen)
                if slot < limits.maxTimerSamples { state.reservoir[slot] = metric.value }
            }
            timers[key] = state
        case .set(let member):
            var members = sets[key] ?? []
            if members.count < limits.maxTimerSamples { members.insert(member) }
            sets[key] = members
        }
        return true
    }

    /// The interval's samples at `time`, sorted by name; starts the next interval. A gauge is remembered
    /// for one further interval after its last update, so `+N`/`-N` can build on it; counters, timers and
    /// sets start again from nothing. Series not updated in the interval give no sample.
    public mutating func flush(at time: Timestamp) -> [MetricSample] {
        var out: [MetricSample] = []
        func add(_ name: String, _ value: Double, _ unit: String, _ key: Key) {
            out.append(MetricSample(time: time, name: name, value: value, unit: unit, labels: key.tags))
        }
        for (key, count) in counters { add(key.name, count, "count", key) }
        for (key, gauge) in gauges where gauge.updated { add(key.name, gauge.value, "", key) }
        for (key, timer) in timers where timer.seen > 0 {
            add(key.name + ".count", timer.count, "count", key)
            add(key.name + ".min", timer.min, "ms", key)
            add(key.name + ".max", timer.max, "ms", key)
            add(key.name + ".mean", timer.sum / Double(timer.seen), "ms", key)
            let sorted = timer.reservoir.sorted()
            for (suffix, p) in [(".p50", 0.5), (".p90", 0.9), (".p99", 0.99)] {
                add(key.name + suffix, Self.percentile(sorted, p), "ms", key)
            }
        }
        for (key, members) in sets { add(key.name, Double(members.count), "count", key) }
        counters.removeAll(keepingCapacity: true)
        timers.removeAll(keepingCapacity: true)
        sets.removeAll(keepingCapacity: true)
        gauges = gauges.filter(\.value.updated).mapValues { GaugeState(value: $0.value, updated: false) }
        updatedThisInterval.removeAll(keepingCapacity: true)
        return out.sorted { ($0.name, $0.labels.description) < ($1.name, $1.labels.description) }
    }

    /// Nearest-rank percentile of sorted values (`p` in 0–1).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(sorted.count, Swift.max(1, rank)) - 1]
    }
}
