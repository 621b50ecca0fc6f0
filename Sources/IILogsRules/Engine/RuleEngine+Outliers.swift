import IILogsCore

extension RuleEngine {
    /// `sibling_outlier` rules: per image version, compare each live instance with the median and MAD of
    /// all live instances of that version (see ``SiblingOutlierCondition`` for the exact test).
    func tickOutliers(now: Int64) -> [Flag] {
        guard !rules.outliers.isEmpty else { return [] }
        var flags: [Flag] = []
        for index in rules.outliers.indices {
            let outlierRule = rules.outliers[index]
            let condition = outlierRule.condition
            let window = condition.window.totalNanoseconds
            var byImage: [String: [(track: InstanceTrack, value: Double)]] = [:]
            for track in tracks.values where track.endingAt == nil && now &- track.lastSeen < window {
                let value: Double
                switch condition.signal {
                case .errorRate:
                    let errors = track.errorMinutes?.sum(endingAt: now, windowMinutes: outlierRule.windowMinutes) ?? 0
                    value = Double(errors) / Double(outlierRule.windowMinutes)
                case .metric:
                    guard let last = track.outlierLastValue[index], now &- last.time < window else { continue }
                    value = last.value
                }
                byImage[track.imageVersion, default: []].append((track, value))
            }
            for (_, members) in byImage {
                guard members.count >= condition.minSiblings + 1 else {
                    for member in members { member.track.outlierFiring[index] = false }
                    continue
                }
                let values = members.map(\.value)
                guard let median = Percentiles.median(values), let mad = Percentiles.medianAbsoluteDeviation(values) else { continue }
                let scale = Percentiles.madToSigma * mad
                for member in members {
                    let (isOutlier, deviation) = Self.isOutlier(member.value, median: median, scale: scale, condition)
                    if !isOutlier {
                        member.track.outlierFiring[index] = false
                        continue
                    }
                    guard !member.track.outlierFiring[index] else { continue }
                    member.track.outlierFiring[index] = true
                    let what = condition.signal == .errorRate ? "error lines per minute" : Self.signalName(condition.signal)
                    let spread = deviation.isFinite ? "\(Self.rounded(deviation)) MADs" : "MAD 0"
                    let reason = "\(what) \(Self.rounded(member.value)) over \(DurationParser.format(condition.window)) vs median "
                        + "\(Self.rounded(median)) of \(members.count) instances of \(member.track.imageVersion) (\(spread), "
                        + "limits: \(Self.rounded(condition.maxDeviation)) MADs, ×\(Self.rounded(condition.minRatio)), min \(Self.rounded(condition.minValue)))"
                    flags.append(flag(outlierRule.rule, member.track, time: now, reason: reason, evidence: []))
                }
            }
        }
        return flags
    }

    static func isOutlier(_ x: Double, median: Double, scale: Double, _ c: SiblingOutlierCondition) -> (Bool, Double) {
        let distance = c.direction == .above ? x - median : median - x
        guard distance > 0 else { return (false, 0) }
        let deviation = scale > 0 ? distance / scale : .infinity
        switch c.direction {
        case .above:
            return (x >= c.minValue && x >= median * c.minRatio && deviation >= c.maxDeviation, deviation)
        case .below:
            // A drop is judged on the siblings' level: they must be busy enough to notice it.
            return (median >= c.minValue && x * c.minRatio <= median && deviation >= c.maxDeviation, deviation)
        }
    }

    static func signalName(_ signal: SiblingOutlierCondition.Signal) -> String {
        switch signal {
        case .errorRate: "error lines per minute"
        case .metric(let name, _): name
        }
    }

    static func rounded(_ value: Double) -> String {
        let r = (value * 100).rounded() / 100
        return number(r)
    }
}
