public import IILogsCore

/// Finds, in a stored log block, the few lines the log rules may match, without building the others.
///
/// Cheapest first: from the block's summary alone (severity counts and token filter) the rules that cannot
/// match any line are set aside, and when none is left the block is not even inflated; otherwise the block
/// is opened as ``LogBlockLines`` and each line is tested on bytes (app by dictionary index, severity,
/// substrings). Only lines that pass become ``LogRecord``s; the engine then applies the full matcher (regex
/// included). Immutable and `Sendable`: ingest tasks scan in parallel, and the ``RuleEngine`` (one owner)
/// gets only the tallies and the candidates (docs/RULES.md "Cost").
public struct LogBlockScanner: Sendable {
    private let logChecks: [LogLinePrecheck]
    /// Aligned with ``CompiledRules/restarts``; nil for boot-sourced rules (never in a candidate list).
    private let restartChecks: [LogLinePrecheck?]
    private let byApp: [String: CompiledRules.Candidates]
    private let anyApp: CompiledRules.Candidates
    private let wantsErrorTimes: Bool
    private let maxUncompressedBytes: Int

    /// A scanner for `ruleFile`'s log and restart rules.
    public init(ruleFile: RuleFile, maxUncompressedBytes: Int = LogBlockCodec.defaultMaxUncompressedBytes) {
        self.init(CompiledRules(ruleFile.rules), maxUncompressedBytes: maxUncompressedBytes)
    }

    init(_ rules: CompiledRules, maxUncompressedBytes: Int = LogBlockCodec.defaultMaxUncompressedBytes) {
        logChecks = rules.logs.map(\.matcher.precheck)
        restartChecks = rules.restarts.map { $0.matcher?.precheck }
        byApp = rules.byApp
        anyApp = rules.anyApp
        wantsErrorTimes = !rules.outliers.isEmpty
        self.maxUncompressedBytes = maxUncompressedBytes
    }

    /// Scans one batch: `source` is its evidence source (the agent sequence, 0 for plain syslog); a line's
    /// offset is its index in the block, an event's or sample's its index in `events` or `metrics`.
    public func scan(logs block: EncodedLogBlock?, events: [LifecycleEvent], metrics: [MetricSample], source: UInt64) -> ScannedBatch {
        var entries: [(record: Record, ref: EvidenceRef)] = []
        var tally: ScannedBatch.BlockTally?
        var newestRef = EvidenceRef(source: source, offset: 0)
        if let block {
            let (blockTally, candidates) = scan(block)
            tally = blockTally
            newestRef.offset = UInt32(truncatingIfNeeded: max(0, blockTally.lineCount - 1))
            for (offset, record) in candidates {
                entries.append((.log(record), EvidenceRef(source: source, offset: UInt32(truncatingIfNeeded: offset))))
            }
        }
        for (index, event) in events.enumerated() {
            entries.append((.lifecycle(event), EvidenceRef(source: source, offset: UInt32(truncatingIfNeeded: index))))
        }
        for (index, sample) in metrics.enumerated() {
            entries.append((.metric(sample), EvidenceRef(source: source, offset: UInt32(truncatingIfNeeded: index))))
        }
        let ordered = entries.enumerated().sorted { a, b in
            (a.element.record.time, a.offset) < (b.element.record.time, b.offset)
        }.map(\.element)
        return ScannedBatch(tally: tally, records: ordered.map(\.record), refs: ordered.map(\.ref), newestLineRef: newestRef)
    }

    /// Scans lines already at hand (plain syslog, which the collector encodes itself): the same tallies and
    /// candidates as for their block, without inflating anything. A line's offset is its index in `lines`.
    public func scan(lines: [LogRecord], source: UInt64) -> ScannedBatch {
        var tally = ScannedBatch.BlockTally(lineCount: lines.count, errorLines: 0, errorTimes: [], newestTime: lines.first?.time ?? .zero,
                                            inflated: false, unreadable: nil)
        var records: [Record] = []
        var refs: [EvidenceRef] = []
        var inPlayApp = ""
        var inPlay = anyApp.merged(with: byApp[inPlayApp])
        // By index, reading single properties: `for line in lines` copied every record (a retain per string).
        for offset in lines.indices {
            let time = lines[offset].time
            let severity = lines[offset].severity
            tally.newestTime = max(tally.newestTime, time)
            if severity.isAtLeast(.error) {
                tally.errorLines += 1
                if wantsErrorTimes { tally.errorTimes.append(time.nanosecondsSinceEpoch) }
            }
            if lines[offset].app != inPlayApp {  // runs of one app's lines share the look-up and the merge
                inPlayApp = lines[offset].app
                inPlay = anyApp.merged(with: byApp[inPlayApp])
            }
            if inPlay.logs.isEmpty && inPlay.restarts.isEmpty { continue }
            var message = lines[offset].message
            let hit = message.withUTF8 { bytes in
                let raw = UnsafeRawBufferPointer(bytes)
                return inPlay.logs.contains { logChecks[$0].passes(severity: severity.rawValue, message: raw) }
                    || inPlay.restarts.contains { restartChecks[$0]?.passes(severity: severity.rawValue, message: raw) == true }
            }
            if hit {
                records.append(.log(lines[offset]))
                refs.append(EvidenceRef(source: source, offset: UInt32(truncatingIfNeeded: offset)))
            }
        }
        let ordered = records.indices.sorted { (records[$0].time, $0) < (records[$1].time, $1) }
        let newestRef = EvidenceRef(source: source, offset: UInt32(truncatingIfNeeded: max(0, lines.count - 1)))
        return ScannedBatch(tally: tally, records: ordered.map { records[$0] }, refs: ordered.map { refs[$0] }, newestLineRef: newestRef)
    }

    /// The block's tally and its candidate lines (index in the block, record without fields).
    func scan(_ block: EncodedLogBlock) -> (ScannedBatch.BlockTally, [(Int, LogRecord)]) {
        let summary = block.summary
        let errorLines = summary.severityCounts.prefix(Int(Severity.error.rawValue) + 1).reduce(0) { $0 + Int($1) }
        var tally = ScannedBatch.BlockTally(lineCount: Int(summary.lineCount), errorLines: errorLines, errorTimes: [],
                                            newestTime: summary.maxTime, inflated: false, unreadable: nil)
        let logMay = logChecks.map { $0.mayMatch(summary) }
        let restartMay = restartChecks.map { $0?.mayMatch(summary) ?? false }
        let needErrorTimes = wantsErrorTimes && errorLines > 0
        // Error lines all in one minute need no inflating: the minute is all the outlier rates keep.
        let errorMinuteKnown = MinuteCounter.minute(of: summary.minTime.nanosecondsSinceEpoch)
            == MinuteCounter.minute(of: summary.maxTime.nanosecondsSinceEpoch)
        guard logMay.contains(true) || restartMay.contains(true) else {
            if needErrorTimes && errorMinuteKnown {
                tally.errorTimes = Array(repeating: summary.maxTime.nanosecondsSinceEpoch, count: errorLines)
            } else if needErrorTimes {
                // Only the error lines' minutes are wanted: inflate just the times and severities.
                do throws(LogBlockError) {
                    let (times, severities) = try LogBlockCodec.timesAndSeverities(of: block, maxUncompressedBytes: maxUncompressedBytes)
                    for (time, severity) in zip(times, severities) where severity.isAtLeast(.error) { tally.errorTimes.append(time) }
                } catch {
                    tally.unreadable = error
                }
            }
            return (tally, [])
        }
        let lines: LogBlockLines
        do throws(LogBlockError) {
            // Message sections (one per app) no rule in play can match stay compressed.
            let logsInPlay = logChecks.indices.filter { logMay[$0] }
            let restartsInPlay = restartChecks.indices.filter { restartMay[$0] }
            lines = try LogBlockCodec.lines(of: block, maxUncompressedBytes: maxUncompressedBytes) { filter in
                logsInPlay.contains { logChecks[$0].mayMatch(filter) } || restartsInPlay.contains { restartChecks[$0]?.mayMatch(filter) == true }
            }
        } catch {
            tally.unreadable = error
            return (tally, [])
        }
        tally.inflated = true
        // Per dictionary entry (as an app), the rules still in play; resolved on first use.
        var resolved = [CompiledRules.Candidates?](repeating: nil, count: lines.dictionary.count)
        var candidates: [(Int, LogRecord)] = []
        for i in 0..<lines.count {
            let severity = lines.severity(at: i).rawValue
            if needErrorTimes && severity <= Severity.error.rawValue { tally.errorTimes.append(lines.time(at: i)) }
            let app = lines.appIndex(at: i)
            let inPlay: CompiledRules.Candidates
            if let known = resolved[app] {
                inPlay = known
            } else {
                let all = anyApp.merged(with: byApp[lines.dictionary[app]])
                inPlay = CompiledRules.Candidates(logs: all.logs.filter { logMay[$0] }, restarts: all.restarts.filter { restartMay[$0] })
                resolved[app] = inPlay
            }
            if inPlay.logs.isEmpty && inPlay.restarts.isEmpty || !lines.isMessageLoaded(at: i) { continue }
            let hit = lines.withMessageBytes(at: i) { message in
                inPlay.logs.contains { logChecks[$0].passes(severity: severity, message: message) }
                    || inPlay.restarts.contains { restartChecks[$0]?.passes(severity: severity, message: message) == true }
            }
            if hit { candidates.append((i, lines.record(at: i))) }
        }
        return (tally, candidates)
    }
}

extension CompiledRules.Candidates {
    /// These rules and `other`'s (rules are listed once per app, so no index repeats).
    func merged(with other: Self?) -> Self {
        guard let other else { return self }
        return Self(logs: logs + other.logs, restarts: restarts + other.restarts)
    }
}
