public import IILogsCore

extension ShipperStateMachine {
    /// The collector accepted the hello.
    public mutating func welcomed(_ welcome: Welcome) -> [Action] {
        guard case .handshaking = state else { return [.reconnectAfterBackoff(attempt: 0, maximum: false)] }
        state = drainTarget.map { .draining(through: $0) } ?? .streaming
        replyDeadline = nil  // until entries are sent
        var actions: [Action] = []
        if welcome.lastStoredSequence > cursor {
            actions.append(.acknowledgeThrough(welcome.lastStoredSequence))
            cursor = welcome.lastStoredSequence
        }
        actions.append(.sendEntries(after: cursor, maxCount: maxInFlight))
        return actions
    }

    /// The collector refused the connection; a bad token or version waits the maximum backoff.
    public mutating func refused(_ refusal: Refusal) -> Action {
        if case .stopped = state { return .none }
        let permanent = refusal.code == .badToken || refusal.code == .unsupportedVersion || refusal.code == .badIdentity
        let failures = self.failures
        state = .disconnected(failures: failures + 1)
        inFlight = []
        replyDeadline = nil
        return .reconnectAfterBackoff(attempt: failures, maximum: permanent)
    }

    /// The connection closed or failed (read error, EOF, write error, protocol error).
    public mutating func connectionClosed() -> Action {
        switch state {
        case .stopped, .disconnected: return .none
        default:
            let failures = self.failures
            state = .disconnected(failures: failures + 1)
            inFlight = []
            replyDeadline = nil
            return .reconnectAfterBackoff(attempt: failures, maximum: false)
        }
    }

    /// The shipper sent these entries (in order) after a `sendEntries` action. With nothing in flight
    /// before, an ack is now due `ackTimeout` after `now`; otherwise the earlier deadline stands.
    public mutating func sent(_ sequences: [UInt64], now: ContinuousClock.Instant = .now) {
        guard isStreaming else { return }
        if inFlight.isEmpty, !sequences.isEmpty { replyDeadline = now + ackTimeout }
        for sequence in sequences {
            inFlight.insert(sequence)
            cursor = max(cursor, sequence)
        }
    }

    /// New entries were appended to the spool.
    public mutating func entriesAppended() -> Action {
        guard isStreaming, inFlight.count < maxInFlight else { return .none }
        return .sendEntries(after: cursor, maxCount: maxInFlight - inFlight.count)
    }

    /// The collector acknowledged `sequence`; `spoolAcknowledged` is the spool's acknowledged sequence
    /// *after* the action ran (the shipper calls ``acknowledgementApplied(spoolAcknowledged:)``).
    /// The collector is answering: the next ack (if entries are still in flight) is due `ackTimeout` after `now`.
    public mutating func acked(_ sequence: UInt64, now: ContinuousClock.Instant = .now) -> Action {
        guard isStreaming else { return .none }
        inFlight.remove(sequence)
        replyDeadline = inFlight.isEmpty ? nil : now + ackTimeout
        return .acknowledge(sequence)
    }

    /// After an acknowledgement reached the spool: finish draining, or send more.
    public mutating func acknowledgementApplied(spoolAcknowledged: UInt64) -> Action {
        if let target = drainTarget, spoolAcknowledged >= target {
            state = .stopped
            return .stop
        }
        return entriesAppended()
    }

    /// The connection has been idle for the ping interval.
    public mutating func idle() -> Action { isStreaming ? .sendPing : .none }

    /// Graceful shutdown: keep shipping (reconnecting if needed) until everything through
    /// `lastSequence` is acknowledged; the shipper bounds this with the drain deadline.
    public mutating func beginDraining(through lastSequence: UInt64, spoolAcknowledged: UInt64) -> Action {
        if case .stopped = state { return .none }
        if spoolAcknowledged >= lastSequence {
            state = .stopped
            return .stop
        }
        drainTarget = lastSequence
        if case .streaming = state { state = .draining(through: lastSequence) }
        return .none
    }

    /// Stop now (deadline passed or cancellation).
    public mutating func shutdown() -> Action {
        if case .stopped = state { return .none }
        state = .stopped
        inFlight = []
        replyDeadline = nil
        return .stop
    }

    var isStreaming: Bool {
        switch state {
        case .streaming, .draining: true
        default: false
        }
    }
}
