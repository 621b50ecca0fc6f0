import IILogsCore
public import ServiceLifecycle

/// Runs the rules' background work: ``RuleEvaluator/tick(now:)`` every `tickInterval` for the time-based
/// rules, and each new flag through the ``FlagHandler`` (one at a time, in order).
///
/// On graceful shutdown ticking stops, the flags already raised are handled, then it returns.
public struct RuleService: Service {
    public let evaluator: RuleEvaluator
    public let handler: FlagHandler
    public let tickInterval: Duration

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
                for await flag in evaluator.flags {
                    await handler.handle(flag)
                }
            }
        }
    }
}
