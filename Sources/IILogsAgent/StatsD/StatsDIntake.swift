import IILogsCore
import Synchronization

/// What the listener's receive paths share: the parser, the aggregator behind a lock, the counters.
final class StatsDIntake: Sendable {
    let parser: StatsDParser
    let stats: StatsDStats
    private let aggregator: Mutex<StatsDAggregator>

    init(parser: StatsDParser, limits: StatsDAggregator.Limits, stats: StatsDStats) {
        self.parser = parser
        self.stats = stats
        self.aggregator = Mutex(StatsDAggregator(limits: limits))
    }

    /// Parses and aggregates one datagram; returns its events (to record at once) and its refused lines.
    func receive(_ datagram: some Collection<UInt8>, truncated: Bool = false) -> (events: [(name: String, detail: String)], errors: [StatsDParseError]) {
        var events: [(name: String, detail: String)] = []
        var errors: [StatsDParseError] = []
        var accepted = 0
        var overLimit = 0
        let lines = parser.parse(datagram: datagram)
        aggregator.withLock { aggregator in
            for line in lines {
                switch line {
                case .success(.metric(let metric)):
                    if aggregator.add(metric) { accepted += 1 } else { overLimit += 1 }
                case .success(.event(let name, let detail)):
                    events.append((name, detail))
                case .failure(let error):
                    errors.append(error)
                }
            }
        }
        stats.update { stats in
            stats.datagrams += 1
            if truncated { stats.truncatedDatagrams += 1 }
            stats.metricLines += accepted
            stats.events += events.count
            stats.droppedTooManyNames += overLimit
            for error in errors { stats.parseErrors[error.reason, default: 0] += 1 }
        }
        return (events, errors)
    }

    /// The interval's samples; starts the next interval.
    func flush(at time: Timestamp) -> [MetricSample] {
        let samples = aggregator.withLock { $0.flush(at: time) }
        stats.update { $0.flushes += 1 }
        return samples
    }
}
