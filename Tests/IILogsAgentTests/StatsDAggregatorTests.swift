import IILogsAgent
import IILogsCore
import Testing

@Suite("StatsD aggregator")
struct StatsDAggregatorTests {
    let time = Timestamp(nanosecondsSinceEpoch: 5)

    func metric(_ line: String) -> StatsDMetric {
        guard case .success(.metric(let metric)) = StatsDParser().parse(line: line) else { fatalError("test line \(line) must parse") }
        return metric
    }

    func values(_ samples: [MetricSample]) -> [String: Double] {
        Dictionary(samples.map { ($0.name + ($0.labels.isEmpty ? "" : "\($0.labels.map { "\($0.name)=\($0.value)" })"), $0.value) },
                   uniquingKeysWith: { first, _ in first })
    }

    @Test func countersGaugesTimersAndSetsOverOneInterval() {
        var aggregator = StatsDAggregator()
        let lines = ["hits:1|c", "hits:2|c", "hits:1|c|@0.25", "hits:1|c|#env:prod",
                     "depth:10|g", "depth:+5|g", "depth:-3|g", "temp:-4|g",
                     "users:a|s", "users:b|s", "users:a|s"]
        let accepted = lines.map { aggregator.add(metric($0)) }
        #expect(accepted.allSatisfy { $0 })
        for ms in 1...100 { aggregator.add(metric("req:\(ms)|ms")) }
        let samples = aggregator.flush(at: time)
        let v = values(samples)
        #expect(v["hits"] == 7, "1 + 2 + 1/0.25")
        #expect(v["hits[\"env=prod\"]"] == 1, "tags make their own series")
        #expect(v["depth"] == 12)
        #expect(v["temp"] == -4, "a signed first value is a change from 0")
        #expect(v["users"] == 2)
        #expect(v["req.count"] == 100)
        #expect(v["req.min"] == 1)
        #expect(v["req.max"] == 100)
        #expect(v["req.mean"] == 50.5)
        #expect(v["req.p50"] == 50)
        #expect(v["req.p90"] == 90)
        #expect(v["req.p99"] == 99)
        #expect(samples.allSatisfy { $0.time == time })
        #expect(samples.first { $0.name == "req.p90" }?.unit == "ms")
        #expect(samples.first { $0.name == "hits" }?.unit == "count")
        #expect(samples.map(\.name) == samples.map(\.name).sorted())
    }

    @Test func nextIntervalStartsAgainButRemembersGaugesForOneInterval() {
        var aggregator = StatsDAggregator()
        aggregator.add(metric("hits:5|c"))
        aggregator.add(metric("depth:10|g"))
        _ = aggregator.flush(at: time)
        // Interval 2: nothing for hits (no sample), a change for depth builds on 10.
        aggregator.add(metric("depth:+1|g"))
        #expect(values(aggregator.flush(at: time)) == ["depth": 11])
        // Interval 3: silent; interval 4: depth was forgotten after a silent interval, so +1 starts from 0.
        #expect(aggregator.flush(at: time).isEmpty)
        aggregator.add(metric("depth:+1|g"))
        #expect(values(aggregator.flush(at: time)) == ["depth": 1])
    }

    @Test func seriesBeyondTheLimitAreRefusedUntilTheNextFlush() {
        var aggregator = StatsDAggregator(limits: .init(maxNames: 2, maxTimerSamples: 3))
        let accepted = ["a:1|c", "b:1|c", "c:1|c", "a:1|c|#k:v", "a:1|c"].map { aggregator.add(metric($0)) }
        // c and the tagged a (another series) are refused; the known series a still counts.
        #expect(accepted == [true, true, false, false, true])
        #expect(values(aggregator.flush(at: time)) == ["a": 2, "b": 1])
        let afterFlush = aggregator.add(metric("c:1|c"))
        #expect(afterFlush)
    }

    @Test func timerPercentilesUseABoundedReservoirButExactCountMinMaxMean() {
        var aggregator = StatsDAggregator(limits: .init(maxNames: 10, maxTimerSamples: 4))
        // Reservoir slots chosen by the injected random: values 5…8 replace slot 0 only when random gives 0.
        for ms in 1...8 { aggregator.add(metric("t:\(ms)|ms"), random: { _ in ms == 8 ? 0 : 99 }) }
        let v = values(aggregator.flush(at: time))
        #expect(v["t.count"] == 8)
        #expect(v["t.min"] == 1)
        #expect(v["t.max"] == 8)
        #expect(v["t.mean"] == 4.5)
        #expect(v["t.p99"] == 8, "8 took slot 0: the reservoir is [8, 2, 3, 4]")
        #expect(v["t.p50"] == 3)
    }
}
