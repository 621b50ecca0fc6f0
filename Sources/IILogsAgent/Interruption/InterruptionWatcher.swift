public import Logging
public import ServiceLifecycle

/// Polls for a spot-interruption notice every ``InterruptionSettings/pollInterval`` and hands each new
/// notice (one that differs from the last handed) to `onNotice` — in the agent,
/// ``LifecycleService/recordInterruption(_:)``. The agent keeps running: the real SIGTERM still drains.
/// A failed or unexpected poll is logged at most once per ``InterruptionSettings/failureLogInterval``
/// and never stops the watcher. Stops on graceful shutdown.
public struct InterruptionWatcher: Service {
    let settings: InterruptionSettings
    let source: any InterruptionNoticeSource
    let onNotice: @Sendable (InterruptionNotice) async -> Void
    let logger: Logger

    /// A watcher of `source`.
    public init(settings: InterruptionSettings, source: any InterruptionNoticeSource, logger: Logger,
                onNotice: @escaping @Sendable (InterruptionNotice) async -> Void) {
        self.settings = settings
        self.source = source
        self.onNotice = onNotice
        self.logger = logger
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var handled: InterruptionNotice?
            var gate = FailureLogGate(interval: settings.failureLogInterval)
            while !Task.isCancelled {
                let problem: String?
                do {
                    switch try await source.poll() {
                    case .none:
                        problem = nil
                    case .notice(let notice):
                        problem = nil
                        if notice != handled {
                            handled = notice
                            logger.warning("interruption notice received", metadata: ["notice": "\(notice)"])
                            await onNotice(notice)
                        }
                    case .unexpected(let reason):
                        problem = reason
                    }
                } catch {
                    problem = "\(error)"
                }
                if let problem {
                    let decision = gate.admit(at: .now)
                    if decision.log {
                        logger.warning("interruption notice poll failed; polling goes on",
                                       metadata: ["problem": "\(problem)", "suppressed_since_last_line": "\(decision.suppressed)"])
                    }
                }
                try await Task.sleep(for: settings.pollInterval)
            }
        }
    }
}
