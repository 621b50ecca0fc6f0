extension ShipperStateMachine {
    /// Called on every timer tick: when the awaited welcome or ack is overdue at `now`, the connection is
    /// given up (``Action/timedOut(_:attempt:)``) and its in-flight entries will be resent on the next one.
    public mutating func deadlinePassed(now: ContinuousClock.Instant) -> Action {
        guard let deadline = replyDeadline, now >= deadline else { return .none }
        switch state {
        case .handshaking:
            return giveUp(awaiting: .welcome)
        case .streaming, .draining:
            guard let oldest = inFlight.min() else {
                replyDeadline = nil
                return .none
            }
            return giveUp(awaiting: .acknowledgement(oldestUnacknowledged: oldest))
        case .disconnected, .connecting, .stopped:
            replyDeadline = nil
            return .none
        }
    }

    /// A write could not hand its frames to the connection within `ackTimeout` (the peer stopped reading).
    public mutating func writeStalled() -> Action {
        switch state {
        case .handshaking, .streaming, .draining:
            return giveUp(awaiting: .write(oldestUnacknowledged: inFlight.min()))
        case .disconnected, .connecting, .stopped:
            return .none
        }
    }

    private mutating func giveUp(awaiting awaited: Awaited) -> Action {
        let failures = self.failures
        state = .disconnected(failures: failures + 1)
        inFlight = []
        replyDeadline = nil
        return .timedOut(awaited, attempt: failures)
    }
}
