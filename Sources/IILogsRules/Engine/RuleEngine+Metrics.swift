public import IILogsCore

extension RuleEngine {
    /// Observes one metric sample; returns the flags it raised.
    public func observe(metric sample: MetricSample, instance: InstanceIdentity, evidence ref: EvidenceRef) -> [Flag] {
        counters.samples += 1
        let time = sample.time.nanosecondsSinceEpoch
        guard let track = track(instance.instanceID, instance.imageVersion, at: time) else { return [] }
        track.heard(at: time, kind: .metric, ref: ref)
        if keyMetrics.contains(sample.name) {
            track.healthSamples[sample.name, default: RecentValues(capacity: limits.healthSamplesPerMetric)].add(sample.value)
        }
        for index in rules.outliers.indices {
            guard case .metric(let name, let labels) = rules.outliers[index].condition.signal,
                  name == sample.name, Self.sample(sample, hasLabels: labels) else { continue }
            track.outlierLastValue[index] = (sample.value, time)
        }
        var flags: [Flag] = []
        for index in rules.metrics.indices {
            let metricRule = rules.metrics[index]
            let condition = metricRule.condition
            guard condition.metric == sample.name, Self.sample(sample, hasLabels: condition.labels) else { continue }
            let key = Self.seriesKey(sample.labels)
            if track.series[index][key] == nil && track.series[index].count >= limits.maxSeriesPerRule { continue }
            var series = track.series[index][key, default: InstanceTrack.Series()]
            series.lastTime = time
            series.lastValue = sample.value
            if condition.comparison.crosses(sample.value, condition.value) {
                if series.crossingSince == nil { series.crossingSince = time }
                series.evidence.append(Evidence(kind: .metric, ref: ref, time: sample.time, text: Self.sampleText(sample)))
                if series.evidence.count > limits.maxEvidencePerFlag { series.evidence.removeFirst() }
                if let flag = fireIfHeld(metricRule, &series, track: track, key: key, now: time) { flags.append(flag) }
            } else {
                series = InstanceTrack.Series(lastTime: time, lastValue: sample.value)  // reset
            }
            track.series[index][key] = series
        }
        return flags
    }

    /// Fires a crossing series held for the rule's duration, once.
    func fireIfHeld(_ metricRule: CompiledRules.MetricRule, _ series: inout InstanceTrack.Series, track: InstanceTrack,
                    key: String, now: Int64) -> Flag? {
        guard !series.firing, let since = series.crossingSince, now &- since >= metricRule.holdFor else { return nil }
        series.firing = true
        let condition = metricRule.condition
        let name = key.isEmpty ? condition.metric : "\(condition.metric){\(key)}"
        let reason = "\(name) \(condition.comparison.rawValue) \(Self.number(condition.value)) for "
            + "\(DurationParser.format(.nanoseconds(now &- since))) (for \(DurationParser.format(condition.holdFor)), last \(Self.number(series.lastValue)))"
        return flag(metricRule.rule, track, key: key, time: now, reason: reason, evidence: series.evidence)
    }

    static func sample(_ sample: MetricSample, hasLabels labels: [String: String]) -> Bool {
        for (name, value) in labels where !sample.labels.contains(where: { $0.name == name && $0.value == value }) {
            return false
        }
        return true
    }

    static func seriesKey(_ labels: [LogField]) -> String {
        labels.sorted { $0.name < $1.name }.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }

    static func sampleText(_ sample: MetricSample) -> String {
        let key = seriesKey(sample.labels)
        return (key.isEmpty ? sample.name : "\(sample.name){\(key)}") + " = \(number(sample.value))"
    }

    /// Shortest faithful rendering (`0.95`, `12`, `1e+21`).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
