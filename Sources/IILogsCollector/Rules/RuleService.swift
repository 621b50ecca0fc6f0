import IILogsCore
public import ServiceLifecycle

/// Runs the rules' background work: ``RuleEvaluator/tick(now:)`` every `tickInterval` for the time-based
/// rules, and the new flags through the ``FlagHandler`` (in order, those waiting together as one batch).
///
/// On graceful shutdown ticking stops, the flags already raised are handled, then it returns.
public struct RuleService: Service {
    public let evaluator: RuleEvaluator
    public let handler: FlagHandler
    public let tickInterval: Duration
    /// Most flags handled (stored) together.
    public static let maxFlagsPerBatch = 500

    public init(evaluator: RuleEvaluator, handler: FlagHandler, tickInterval: Duration) {
        self.evaluator = evaluator
        self.handler = handler
        self.tickInterval = tickInterval
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask {
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    let slept: Void? = try? await cancelWhenGracefulShutdown { [tickInterval] in try await Task.sleep(for: tickInterval) }
                    guard slept != nil, !Task.isShuttingDownGracefully else { break }
                    await evaluator.tick(now: .now())
                }
                await evaluator.finish()
            }
            group.addTask {
                // Everything raised while the previous flags were handled, at once: one store transaction.
                while let flags = await evaluator.flagQueue.next(max: Self.maxFlagsPerBatch) {
                    await handler.handle(flags)
                }
            }
        }
    }
}
