public import IILogsCore

extension RuleEngine {
    /// Observes one log line; returns the flags it raised (usually none).
    ///
    /// Per line: a dictionary lookup for the instance, then per log rule a severity compare, the app
    /// compares and a `memmem` for the substring; a regex runs only on lines that passed those.
    public func observe(log record: LogRecord, instance: InstanceIdentity, evidence ref: EvidenceRef) -> [Flag] {
        counters.lines += 1
        let time = record.time.nanosecondsSinceEpoch
        guard let track = track(instance.instanceID, instance.imageVersion, at: time) else { return [] }
        var flags: [Flag] = []
        observe(log: record, track: track, evidence: ref, into: &flags)
        return flags
    }

    /// The per-line work once the instance's track is known.
    func observe(log record: LogRecord, track: InstanceTrack, evidence ref: EvidenceRef, into flags: inout [Flag]) {
        let time = record.time.nanosecondsSinceEpoch
        track.heard(at: time, kind: .log, ref: ref)
        track.lines += 1
        if record.severity.isAtLeast(.error) {
            track.errorLines += 1
            if !rules.outliers.isEmpty {
                if track.errorMinutes == nil { track.errorMinutes = MinuteCounter() }
                track.errorMinutes?.add(atNanoseconds: time)
            }
        }
        match(log: record, track: track, evidence: ref, into: &flags)
    }

    /// Runs the line through the log and restart rules that apply to its app (no tallies).
    func match(log record: LogRecord, track: InstanceTrack, evidence ref: EvidenceRef, into flags: inout [Flag]) {
        if !rules.anyApp.logs.isEmpty || !rules.anyApp.restarts.isEmpty { evaluate(record, ref, track, rules.anyApp, &flags) }
        if !rules.byApp.isEmpty, let candidates = rules.byApp[record.app] { evaluate(record, ref, track, candidates, &flags) }
    }

    func evaluate(_ record: LogRecord, _ ref: EvidenceRef, _ track: InstanceTrack, _ candidates: CompiledRules.Candidates, _ flags: inout [Flag]) {
        let time = record.time.nanosecondsSinceEpoch
        for index in candidates.logs where rules.logs[index].matcher.matches(record) {
            let logRule = rules.logs[index]
            let item = Evidence(kind: .log, ref: ref, time: record.time, text: evidenceText(record.message))
            track.logWindows[index].prune(now: time, window: logRule.window)
            track.logWindows[index].add(time: time, cap: logRule.threshold, evidence: item, maxEvidence: limits.maxEvidencePerFlag)
            let window = track.logWindows[index]
            if window.count >= logRule.threshold && !window.firing {
                track.logWindows[index].firing = true
                guard case .logPattern(let condition) = logRule.rule.condition else { continue }
                let reason = "\(window.count) \(window.count == 1 ? "line" : "lines") matching \"\(condition.match.patternText)\" "
                    + "in \(DurationParser.format(condition.window)) (threshold \(logRule.threshold))"
                flags.append(flag(logRule.rule, track, time: time, reason: reason, evidence: window.evidence))
            }
        }
        for index in candidates.restarts where rules.restarts[index].matcher?.matches(record) == true {
            let crashRule = rules.restarts[index]
            track.crashes += 1
            let service = Self.serviceName(of: record)
            if track.restartWindows[index][service] == nil && track.restartWindows[index].count >= limits.maxServicesPerRule { continue }
            let item = Evidence(kind: .log, ref: ref, time: record.time, text: evidenceText(record.message))
            var window = track.restartWindows[index][service, default: MatchWindow()]
            track.restartWindows[index][service] = nil  // keep the window uniquely referenced while it changes
            window.prune(now: time, window: crashRule.window)
            window.add(time: time, cap: crashRule.count, evidence: item, maxEvidence: limits.maxEvidencePerFlag)
            if window.count >= crashRule.count && !window.firing {
                window.firing = true
                let reason = "\(service) restarted \(window.count) times in \(DurationParser.format(.nanoseconds(crashRule.window))) (threshold \(crashRule.count))"
                flags.append(flag(crashRule.rule, track, key: service, time: time, reason: reason, evidence: window.evidence))
            }
            track.restartWindows[index][service] = window
        }
    }

    /// The unit a systemd line is about (`nginx.service: Scheduled restart job, …` → `nginx.service`),
    /// else the line's app.
    static func serviceName(of record: LogRecord) -> String {
        if let colon = record.message.firstRange(of: ": ") {
            let prefix = record.message[..<colon.lowerBound]
            if !prefix.isEmpty && prefix.utf8.count <= 256 && !prefix.contains(" ") { return String(prefix) }
        }
        return record.app.isEmpty ? "(unknown)" : record.app
    }
}
