import IILogsCore
import Logging

extension LifecycleService {
    /// Records `terminating` for an interruption notice (its action and time as fields and in the
    /// detail), flushes at once and waits up to the drain deadline for the collector's acknowledgement;
    /// logs and returns whether that final sequence was acknowledged. Unlike ``drain()`` it records no
    /// `shutdown`: the agent keeps running until the real SIGTERM.
    @discardableResult
    public func recordInterruption(_ notice: InterruptionNotice) async -> Bool {
        var fields = [LogField("reason", "interruption-notice"), LogField("cloud", notice.kind.rawValue), LogField("action", notice.action)]
        if let time = notice.time { fields.append(LogField("action_time", time)) }
        await record(.terminating, detail: notice.description, fields: fields)
        let sequence = await batcher.flush()
        let acknowledged = await spool.waitUntilAcknowledged(through: sequence, timeout: options.drainDeadline)
        if acknowledged {
            logger.notice("interruption notice: terminating recorded; final sequence acknowledged",
                          metadata: ["sequence": "\(sequence)", "notice": "\(notice)"])
        } else if Task.isCancelled {
            // The real SIGTERM arrived meanwhile: its drain waits for the acknowledgement and reports it.
            logger.notice("interruption notice: terminating recorded; the shutdown drain takes over before the acknowledgement",
                          metadata: ["sequence": "\(sequence)", "notice": "\(notice)"])
        } else {
            let unacknowledged = await spool.unacknowledgedEntries
            logger.warning("interruption notice: terminating recorded; final sequence NOT acknowledged within drain.deadline",
                           metadata: ["sequence": "\(sequence)", "unacknowledged": "\(unacknowledged)", "notice": "\(notice)"])
        }
        return acknowledged
    }
}
