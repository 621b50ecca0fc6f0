public import IILogsCore
public import IILogsRules
public import Logging
public import ServiceLifecycle

/// Pushes image health to deployers: every `interval` it judges every image version the rule engine
/// tracks (``RuleEvaluator/verdicts(now:)``, the verdict `GET /v1/images/V/health` gives without a
/// baseline) and sends an `image_verdict_changed` notification for each change that
/// ``VerdictChanges`` says is news, through the same outbox as flags (docs/WEBHOOKS.md) and to the
/// `--on-verdict-command` actions.
///
/// The last verdicts are kept in `statePath` (`DATA/verdicts.json`, replaced atomically after each
/// pass that changed them), so a restart does not announce again what was already announced. The
/// state is committed only after every notification of the pass is queued: when the outbox cannot be
/// written, the next pass tries again with the same ids (at least once). A state file that cannot be
/// read is logged and ignored (the watcher starts afresh and may re-announce non-healthy verdicts).
public actor VerdictWatcher: Service {
    /// Its own queue: writing the state file fsyncs (``DispatchQueueExecutor``).
    private let executor = DispatchQueueExecutor(label: "iilogs.verdicts")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
    public nonisolated let evaluator: RuleEvaluator
    public nonisolated let webhooks: WebhookDispatcher?
    public nonisolated let commands: CommandActions
    public nonisolated let interval: Duration
    /// Where the last verdicts are kept; nil keeps them in memory only.
    public nonisolated let statePath: String?
    private let logger: Logger
    private var changes: VerdictChanges
    /// Passes whose notifications could not all be queued (retried at the next pass).
    public private(set) var failedPasses = 0

    public init(evaluator: RuleEvaluator, webhooks: WebhookDispatcher?, commands: CommandActions, interval: Duration,
                statePath: String?, logger: Logger) {
        self.evaluator = evaluator
        self.webhooks = webhooks
        self.commands = commands
        self.interval = interval
        self.statePath = statePath
        self.logger = logger
        self.changes = Self.load(statePath, logger: logger)
    }

    /// The verdicts remembered so far.
    public var state: VerdictChanges { changes }

    /// Checks every `interval` until graceful shutdown or cancellation.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let slept: Void? = try? await cancelWhenGracefulShutdown { [interval] in try await Task.sleep(for: interval) }
            guard slept != nil, !Task.isShuttingDownGracefully else { break }
            await check(now: .now())
        }
    }

    /// One pass: judges every tracked image and announces what changed; returns the notifications queued.
    @discardableResult
    public func check(now: Timestamp) async -> [ActionNotification] {
        let reports = await evaluator.verdicts(now: now)
        let (next, notifications) = changes.applying(reports, now: now)
        for notification in notifications {
            logger.notice("image verdict changed", metadata: [
                "image": "\(notification.image)", "verdict": "\(notification.verdict ?? "")",
                "previous": "\(notification.previousVerdict ?? "none")", "reason": "\(notification.reason)"])
            if let webhooks {
                do {
                    try await webhooks.enqueue(notification)
                } catch {
                    failedPasses += 1
                    logger.error("verdicts: cannot queue webhook notification; retried at the next pass",
                                 metadata: ["id": "\(notification.id)", "error": "\(error)"])
                    return []
                }
            }
        }
        let changed = next.images.mapValues(\.verdict) != changes.images.mapValues(\.verdict)
        changes = next
        if changed { save() }
        guard commands.isEnabled else { return notifications }
        for notification in notifications {
            for run in await commands.run(for: notification) {
                logger.info("verdicts: command ran", metadata: [
                    "id": "\(notification.id)", "argv": "\(run.argv.joined(separator: " "))",
                    "exit": "\(run.result.exitStatus.map(String.init) ?? "none")", "timedOut": "\(run.result.timedOut)"])
            }
        }
        return notifications
    }

    private func save() {
        guard let statePath else { return }
        do {
            try ActionFiles.replace(statePath, with: ActionJSON.encode(changes))
        } catch {
            logger.error("verdicts: cannot write the verdict state; a restart may announce again", metadata: ["path": "\(statePath)", "error": "\(error)"])
        }
    }

    private static func load(_ path: String?, logger: Logger) -> VerdictChanges {
        guard let path else { return VerdictChanges() }
        do {
            guard let bytes = try ActionFiles.read(path) else { return VerdictChanges() }
            return try ActionJSON.decode(VerdictChanges.self, from: bytes)
        } catch {
            logger.warning("verdicts: cannot read the verdict state; starting afresh", metadata: ["path": "\(path)", "error": "\(error)"])
            return VerdictChanges()
        }
    }
}
