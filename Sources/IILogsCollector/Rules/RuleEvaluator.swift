public import IILogsCore
public import IILogsRules
public import IILogsStore
public import Logging

/// Owns the collector's one ``RuleEngine`` and feeds it every batch once it is durably stored.
///
/// Ingest calls ``observe(_:scanned:)`` after `store.append` committed (never for duplicates), with the
/// batch scanned by ``scan(_:)`` (plain syslog: ``scan(lines:)``) outside the actor; ``RuleService`` calls ``tick(now:)``
/// every ``CollectorSettings/rulesTickInterval``. New flags are not handled here: they are queued (``flagQueue``)
/// for ``RuleService`` (store, webhooks, commands), so a slow command never holds up ingest.
///
/// Evidence references (docs/RULES.md "In the collector"): `source` = the agent batch's sequence number
/// (0 for plain syslog), `offset` = the record's index among the batch's lines, events or samples. With the
/// flag's instance and the evidence's exact `time`, `GET /v1/logs?instance=I&since=T&keep=oldest&limit=1` finds the line.
public actor RuleEvaluator {
    /// Flags waiting for ``RuleService`` beyond this are dropped (and counted).
    public static let maxPendingFlags = 10_000

    let engine: RuleEngine
    /// Immutable, so ``scan(_:)`` runs on the caller's task.
    private nonisolated let scanner: LogBlockScanner
    private nonisolated let logger: Logger
    /// New flags, in the order raised; consumed by ``RuleService``.
    public nonisolated let flagQueue = FlagQueue(capacity: RuleEvaluator.maxPendingFlags)

    /// Where the evaluator asks who heard an instance last before calling it silent (nil: never asked).
    public struct Registry: Sendable {
        public var store: any LogStore
        /// This collector's ``CollectorID``, as its batches are stored.
        public var collectorID: String

        public init(store: any LogStore, collectorID: String) {
            self.store = store
            self.collectorID = collectorID
        }
    }

    private let registry: Registry?
    /// Registry look-ups that failed (the time-based rules then judge by this engine alone).
    private(set) var failedRegistryLookups = 0

    public init(ruleFile: RuleFile, logger: Logger, registry: Registry? = nil) {
        self.registry = registry
        self.engine = RuleEngine(ruleFile: ruleFile)
        self.scanner = LogBlockScanner(ruleFile: ruleFile)
        self.ruleFile = ruleFile
        self.logger = logger
    }

    /// The rule file in force.
    public nonisolated let ruleFile: RuleFile

    /// Finds what of a stored batch the rules need (``LogBlockScanner``): the block's tallies and the few
    /// lines a log rule may match, merged in time order with the events and samples. Runs outside the actor,
    /// on the ingest task that stored the batch, so sessions scan in parallel; a block that cannot be read
    /// (it was stored, so this cannot happen short of a bug) is counted but not matched, and logged.
    public nonisolated func scan(_ batch: IngestBatch) -> ScannedBatch {
        let scanned = scanner.scan(logs: batch.logs, events: batch.events, metrics: batch.metrics, source: batch.stream?.sequence ?? 0)
        if let problem = scanned.tally?.unreadable {
            logger.error("rules: stored block does not decode; its lines are not evaluated", metadata: [
                "instance": "\(batch.identity.instanceID)", "error": "\(problem)",
            ])
        }
        return scanned
    }

    /// ``scan(_:)`` for plain-syslog lines the collector encoded itself (evidence source 0, offset = index).
    public nonisolated func scan(lines: [LogRecord]) -> ScannedBatch {
        scanner.scan(lines: lines, source: 0)
    }

    /// Evaluates one stored batch of `instance`, as ``scan(_:)`` prepared it.
    public func observe(_ instance: InstanceIdentity, scanned: ScannedBatch) {
        raise(engine.observe(scanned: scanned, instance: instance))
    }

    /// Evaluates the time-based rules; first asks the registry about the instances they would call silent.
    public func tick(now: Timestamp) async {
        await consultRegistry(now: now)
        raise(engine.tick(now: now))
    }

    /// Before `heartbeat_missing` or `never_ready` fires for an instance, asks the store who received its newest
    /// batch (docs/SCALING.md "Semantics on takeover"): another collector → the instance talks to that one now,
    /// whose engine watches it, so this engine forgets it (no false flag from a collector the agent left); this
    /// collector, later than the engine last heard it → it is sending old records (a spool replay), not silent.
    /// A failed look-up is logged and the engine judges alone, as a single collector does.
    private func consultRegistry(now: Timestamp) async {
        guard let registry else { return }
        let due = engine.instancesDueForSilence(now: now)
        guard !due.isEmpty else { return }
        let receptions: [String: InstanceReception]
        do {
            receptions = try await registry.store.receptions(instanceIDs: due)
        } catch {
            failedRegistryLookups += 1
            if failedRegistryLookups % 100 == 1 {
                logger.warning("rules: cannot ask the store who heard silent instances last; judging by this collector alone", metadata: [
                    "instances": "\(due.count)", "error": "\(error)", "failures": "\(failedRegistryLookups)",
                ])
            }
            return
        }
        for instanceID in due {
            guard let reception = receptions[instanceID] else { continue }
            if !reception.receivedBy.isEmpty && reception.receivedBy != registry.collectorID {
                engine.handOver(instanceID: instanceID)
                logger.info("rules: instance talks to another collector now; its time-based rules are left to it", metadata: [
                    "instance": "\(instanceID)", "collector": "\(reception.receivedBy)",
                ])
            } else {
                engine.heard(instanceID: instanceID, at: reception.lastSeen)
            }
        }
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
        flagQueue.finish()
    }

    private func raise(_ flags: [Flag]) {
        let dropped = flagQueue.push(flags)
        guard dropped > 0, let flag = flags.last else { return }
        let total = flagQueue.droppedCount
        let before = total - dropped
        // The first drop and then one line per 1,000: a flag storm must not become a log storm.
        if before == 0 || before / 1_000 != total / 1_000 {
            logger.error("rules: flag queue full; flags dropped", metadata: [
                "instance": "\(flag.instanceID)", "rule": "\(flag.rule)", "dropped_total": "\(total)",
            ])
        }
    }
}
