public import IILogsCore
public import IILogsRules
public import IILogsStore
public import Logging

/// Owns the collector's one ``RuleEngine`` and feeds it every batch once it is durably stored.
///
/// Ingest calls ``observe(_:records:)`` after `store.append` committed (never for duplicates), with the
/// batch's records decoded once by ``records(of:)`` outside the actor; ``RuleService`` calls ``tick(now:)``
/// every ``CollectorSettings/rulesTickInterval``. New flags are not handled here: they are queued for
/// ``RuleService`` (store, webhooks, commands), so a slow command never holds up ingest.
///
/// Evidence references (docs/RULES.md "In the collector"): `source` = the agent batch's sequence number
/// (0 for plain syslog), `offset` = the record's index among the batch's lines, events or samples. With the
/// flag's instance and the evidence's exact `time`, `GET /v1/logs?instance=I&since=T&keep=oldest&limit=1` finds the line.
public actor RuleEvaluator {
    /// Flags waiting for ``RuleService`` beyond this are dropped (and counted).
    public static let maxPendingFlags = 10_000

    let engine: RuleEngine
    private let logger: Logger
    private let continuation: AsyncStream<Flag>.Continuation
    /// New flags, in the order raised; consumed by ``RuleService``.
    nonisolated let flags: AsyncStream<Flag>
    /// Flags dropped because the queue was full.
    private(set) var droppedFlags = 0

    public init(ruleFile: RuleFile, logger: Logger) {
        self.engine = RuleEngine(ruleFile: ruleFile)
        self.ruleFile = ruleFile
        self.logger = logger
        (flags, continuation) = AsyncStream.makeStream(of: Flag.self, bufferingPolicy: .bufferingOldest(Self.maxPendingFlags))
    }

    /// The rule file in force.
    public nonisolated let ruleFile: RuleFile

    /// A stored batch's records in time order (stable: lines, then events, then samples at equal times),
    /// with their evidence references. Decodes the log block; a block that does not decode is left out
    /// (it was stored, so this cannot happen short of a bug) and logged.
    public nonisolated static func records(of batch: IngestBatch, logger: Logger) -> (records: [Record], refs: [EvidenceRef]) {
        let source = batch.stream?.sequence ?? 0
        var entries: [(record: Record, ref: EvidenceRef)] = []
        if let block = batch.logs {
            do {
                for (index, line) in try LogBlockCodec.decode(block).enumerated() {
                    entries.append((.log(line), EvidenceRef(source: source, offset: UInt32(truncatingIfNeeded: index))))
                }
            } catch {
                logger.error("rules: stored block does not decode; its lines are not evaluated", metadata: ["error": "\(error)"])
            }
        }
        for (index, event) in batch.events.enumerated() {
            entries.append((.lifecycle(event), EvidenceRef(source: source, offset: UInt32(truncatingIfNeeded: index))))
        }
        for (index, sample) in batch.metrics.enumerated() {
            entries.append((.metric(sample), EvidenceRef(source: source, offset: UInt32(truncatingIfNeeded: index))))
        }
        let ordered = entries.enumerated().sorted { a, b in
            (a.element.record.time, a.offset) < (b.element.record.time, b.offset)
        }.map(\.element)
        return (ordered.map(\.record), ordered.map(\.ref))
    }

    /// Evaluates one stored batch of `instance`.
    public func observe(_ instance: InstanceIdentity, records: [Record], refs: [EvidenceRef]) {
        let flags = engine.observe(batch: records, instance: instance) { refs[$0] }
        raise(flags)
    }

    /// Evaluates the time-based rules.
    public func tick(now: Timestamp) {
        raise(engine.tick(now: now))
    }

    /// Resets every rule of an instance after an operator released it.
    public func release(instanceID: String) {
        engine.release(instanceID: instanceID)
    }

    /// The engine's view of `image` (and `baseline`) judged by the rule file's `health:` policy.
    public func health(image: String, baseline: String?, now: Timestamp) -> ImageHealthReport {
        let input = engine.healthInput(image: image, now: now)
        let base = baseline.map { engine.healthInput(image: $0, now: now) }
        return ImageHealthAnalyzer.analyze(input, baseline: base, policy: ruleFile.health)
    }

    /// The engine's counters.
    public var counters: RuleEngine.Counters { engine.counters }

    /// Ends the flag queue (``RuleService`` drains what is left, then stops).
    func finish() {
        continuation.finish()
    }

    private func raise(_ flags: [Flag]) {
        for flag in flags {
            if case .dropped = continuation.yield(flag) {
                droppedFlags += 1
                // The first drop and then every 1,000th: a flag storm must not become a log storm.
                if droppedFlags % 1_000 == 1 {
                    logger.error("rules: flag queue full; flags dropped", metadata: [
                        "instance": "\(flag.instanceID)", "rule": "\(flag.rule)", "dropped_total": "\(droppedFlags)",
                    ])
                }
            }
        }
    }
}
