public import IILogsCore

extension RuleEngine {
    /// Evaluates the time-based rules at `now` and resets windows that emptied; call it every few
    /// seconds (its cost is proportional to instances × rules, not to lines). Also forgets instances
    /// silent for ``EngineLimits/forgetAfter``.
    public func tick(now: Timestamp) -> [Flag] {
        let time = now.nanosecondsSinceEpoch
        var flags: [Flag] = []
        var forgotten: [String] = []
        for track in tracks.values {
            if time &- track.lastSeen >= limits.forgetAfter.totalNanoseconds {
                forgotten.append(track.instanceID)
                continue
            }
            for index in rules.logs.indices where track.logWindows[index].firing {
                track.logWindows[index].prune(now: time, window: rules.logs[index].window)
            }
            for index in rules.restarts.indices where !track.restartWindows[index].isEmpty {
                for service in Array(track.restartWindows[index].keys) {
                    track.restartWindows[index][service]?.prune(now: time, window: rules.restarts[index].window)
                    if track.restartWindows[index][service]?.count == 0 { track.restartWindows[index][service] = nil }
                }
            }
            for index in rules.boots.indices where track.bootWindows[index].firing {
                track.bootWindows[index].prune(now: time, window: rules.boots[index].window)
            }
            flags += tickHeartbeats(track, now: time)
            flags += tickNeverReady(track, now: time)
            flags += tickMetrics(track, now: time)
        }
        for instanceID in forgotten {
            tracks[instanceID] = nil
            counters.forgottenInstances += 1
        }
        flags += tickOutliers(now: time)
        return flags
    }

    /// Instances a time-based rule would call silent at `now`: a `heartbeat_missing` rule due to fire, or a
    /// `never_ready` rule due. A collector sharing its store with others asks the registry about them before
    /// ``tick(now:)`` (``handOver(instanceID:)``, ``heard(instanceID:at:)``): the instance may talk to another
    /// collector now, or be sending records older than the silence (a spool replay).
    public func instancesDueForSilence(now: Timestamp) -> [String] {
        let time = now.nanosecondsSinceEpoch
        var due: [String] = []
        for track in tracks.values {
            if rules.heartbeats.indices.contains(where: { heartbeatDue(track, $0, now: time) })
                || rules.neverReady.indices.contains(where: { neverReadyDue(track, $0, now: time) }) {
                due.append(track.instanceID)
            }
        }
        return due
    }

    /// The `heartbeat_missing` rule at `index` is to fire for `track` at `now` (not yet firing, silent long enough).
    func heartbeatDue(_ track: InstanceTrack, _ index: Int, now: Int64) -> Bool {
        track.endingAt == nil && !track.heartbeatFiring[index] && now &- track.lastSeen >= rules.heartbeats[index].limit
    }

    /// The `never_ready` rule at `index` is to fire for `track` at `now` (booted, not ready, not ending, not yet fired).
    func neverReadyDue(_ track: InstanceTrack, _ index: Int, now: Int64) -> Bool {
        guard let bootAt = track.bootAt, track.readyAt == nil, track.endingAt == nil else { return false }
        return !track.neverReadyFired[index] && now &- bootAt >= rules.neverReady[index].limit
    }

    /// Another collector received the instance's newest batch, so that collector's engine watches it now: forgets
    /// it here (counted in ``Counters/handedOver``). It is tracked afresh if it comes back.
    public func handOver(instanceID: String) {
        guard tracks.removeValue(forKey: instanceID) != nil else { return }
        counters.handedOver += 1
    }

    /// The instance was heard at `time` (a batch received then) although its records are older: it is not silent.
    public func heard(instanceID: String, at time: Timestamp) {
        guard let track = tracks[instanceID], time.nanosecondsSinceEpoch > track.lastSeen else { return }
        track.lastSeen = time.nanosecondsSinceEpoch
    }

    func tickHeartbeats(_ track: InstanceTrack, now: Int64) -> [Flag] {
        var flags: [Flag] = []
        let silent = now &- track.lastSeen
        for index in rules.heartbeats.indices where heartbeatDue(track, index, now: now) {
            track.heartbeatFiring[index] = true
            track.anyHeartbeatFiring = true
            let last = Timestamp(nanosecondsSinceEpoch: track.lastSeen)
            let reason = "nothing heard for \(DurationParser.format(.nanoseconds(silent))) since \(Self.timeText(last)) "
                + "(limit \(DurationParser.format(.nanoseconds(rules.heartbeats[index].limit)))) and no terminating event"
            var evidence: [Evidence] = []
            if let record = track.lastRecord {
                evidence.append(Evidence(kind: record.kind, ref: record.ref, time: Timestamp(nanosecondsSinceEpoch: record.time),
                                         text: "last record before the silence"))
            }
            flags.append(flag(rules.heartbeats[index].rule, track, time: now, reason: reason, evidence: evidence))
        }
        return flags
    }

    func tickNeverReady(_ track: InstanceTrack, now: Int64) -> [Flag] {
        guard let bootAt = track.bootAt else { return [] }
        var flags: [Flag] = []
        for index in rules.neverReady.indices where neverReadyDue(track, index, now: now) {
            track.neverReadyFired[index] = true
            let reason = "no ready event \(DurationParser.format(.nanoseconds(now &- bootAt))) after boot at "
                + "\(Self.timeText(Timestamp(nanosecondsSinceEpoch: bootAt))) (within \(DurationParser.format(.nanoseconds(rules.neverReady[index].limit))))"
            flags.append(flag(rules.neverReady[index].rule, track, time: now, reason: reason, evidence: track.bootEvidence.map { [$0] } ?? []))
        }
        return flags
    }

    func tickMetrics(_ track: InstanceTrack, now: Int64) -> [Flag] {
        var flags: [Flag] = []
        let staleness = limits.metricStaleness.totalNanoseconds
        for index in rules.metrics.indices where !track.series[index].isEmpty {
            for key in Array(track.series[index].keys) {
                guard var series = track.series[index][key], series.crossingSince != nil, !series.firing,
                      now &- series.lastTime <= staleness else { continue }
                if let flag = fireIfHeld(rules.metrics[index], &series, track: track, key: key, now: now) { flags.append(flag) }
                track.series[index][key] = series
            }
        }
        return flags
    }

    /// RFC 3339 in UTC, without the fraction when it is zero (`2026-11-23T10:04:55Z`).
    static func timeText(_ time: Timestamp) -> String {
        let text = RFC3339.format(time)
        return text.hasSuffix(".000000000Z") ? String(text.dropLast(11)) + "Z" : text
    }
}
