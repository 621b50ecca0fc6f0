public import IILogsCore
public import IILogsStore

extension AgentSessionStateMachine {
    /// A decoded frame arrived.
    public mutating func messageReceived(_ message: WireMessage) -> Action {
        switch state {
        case .awaitingHello:
            guard case .hello(let hello) = message else {
                return refuse(.unexpectedMessage, "expected hello as the first frame, got \(Self.kindName(message))")
            }
            return helloReceived(hello)
        case .streaming(let binding):
            switch message {
            case .batch(let batch):
                return batchReceived(batch, binding: binding)
            case .ping(let ping):
                return .sendPing(ping)
            case .hello, .welcome, .refuse, .ack:
                return refuse(.unexpectedMessage, "unexpected \(Self.kindName(message)) on a streaming connection")
            }
        case .openingStream, .appending:
            return refuse(.unexpectedMessage, "\(Self.kindName(message)) arrived while the previous frame was being stored")
        case .closed:
            return .none
        }
    }

    /// `store.openStream` returned.
    public mutating func streamOpened(lastStoredSequence: UInt64) -> Action {
        guard case .openingStream(let binding) = state else { return .none }
        state = .streaming(binding)
        return .sendWelcome(Welcome(collectorVersion: configuration.collectorVersion, lastStoredSequence: lastStoredSequence,
                                    maxFrameBytes: UInt32(clamping: configuration.maxFrameBytes)))
    }

    /// `store.append` returned; `.stored` and `.duplicate` are both acknowledged.
    public mutating func batchStored(_ outcome: AppendOutcome) -> Action {
        guard case .appending(let binding, let sequence) = state else { return .none }
        state = .streaming(binding)
        return .sendAck(Ack(sequence: sequence))
    }

    /// The store failed: nothing is acknowledged, the agent retries later.
    public mutating func storeFailed(_ error: StoreError) -> Action {
        switch state {
        case .openingStream, .appending:
            if error.code == .corruptChunk, case .appending(_, let sequence) = state {
                return refuse(.badBatch, "batch \(sequence) rejected by the store: \(error.message)")
            }
            return refuse(.storeUnavailable, "store unavailable, retry later: \(error.message)")
        case .awaitingHello, .streaming, .closed:
            return .none
        }
    }

    /// The decoder rejected the bytes.
    public mutating func decodeFailed(_ error: WireProtocolError) -> Action {
        guard state != .closed else { return .none }
        return refuse(error.refusalCode, error.message)
    }

    /// No hello within the hello timeout, or no frame within the idle timeout.
    public mutating func timedOut() -> Action {
        switch state {
        case .awaitingHello:
            return refuse(.timeout, "no hello within \(DurationParser.format(configuration.helloTimeout))")
        case .streaming, .openingStream, .appending:
            return refuse(.timeout, "no frame for \(DurationParser.format(configuration.idleTimeout))")
        case .closed:
            return .none
        }
    }

    /// The collector is shutting down; the current batch (if any) has been finished by the caller.
    public mutating func shutdownRequested() -> Action {
        guard state != .closed else { return .none }
        return refuse(.shuttingDown, "collector is shutting down, reconnect later")
    }

    /// The connection is over a connection limit.
    public mutating func tooManyConnections(_ exceeded: ConnectionLimitExceeded) -> Action {
        guard state != .closed else { return .none }
        return refuse(.tooManyConnections, exceeded.message)
    }

    /// The peer closed its side or the connection failed.
    public mutating func inputClosed() -> Action {
        guard state != .closed else { return .none }
        state = .closed
        return .close
    }

    private mutating func helloReceived(_ hello: Hello) -> Action {
        guard hello.protocolVersion == WireProtocol.version else {
            return refuse(.unsupportedVersion, "agent speaks protocol \(hello.protocolVersion), collector speaks \(WireProtocol.version)")
        }
        guard configuration.authenticator.accepts(hello.token, instanceID: hello.identity.instanceID) else {
            return refuse(.badToken, Authenticator.rejection(of: hello.token, instanceID: hello.identity.instanceID))
        }
        do {
            try hello.identity.validate()
        } catch {
            return refuse(.badIdentity, error.description)
        }
        let binding = Binding(identity: hello.identity, streamID: hello.streamID)
        state = .openingStream(binding)
        return .openStream(identity: binding.identity, streamID: binding.streamID)
    }

    private mutating func batchReceived(_ batch: Batch, binding: Binding) -> Action {
        guard batch.instanceID == binding.identity.instanceID else {
            return refuse(.wrongInstance, "batch for \(batch.instanceID) on a connection bound to \(binding.identity.instanceID)")
        }
        guard batch.sequence >= 1 else {
            return refuse(.badBatch, "batch sequence must start at 1, got 0")
        }
        if let logs = batch.logs, Int(logs.uncompressedBytes) > configuration.maxUncompressedBatchBytes {
            return refuse(.badBatch, "batch \(batch.sequence) log block inflates to \(logs.uncompressedBytes) bytes; mustn't exceed maxUncompressedBatchBytes \(configuration.maxUncompressedBatchBytes)")
        }
        state = .appending(binding, sequence: batch.sequence)
        return .append(identity: binding.identity, stream: StreamPosition(streamID: binding.streamID, sequence: batch.sequence), batch: batch)
    }

    static func kindName(_ message: WireMessage) -> String {
        switch message {
        case .hello: "hello"
        case .welcome: "welcome"
        case .refuse: "refuse"
        case .batch: "batch"
        case .ack: "ack"
        case .ping: "ping"
        }
    }
}
