import IILogsCore
import IILogsStore
import Testing
@testable import IILogsCollector

@Suite struct AgentSessionStateMachineTests {
    static let identity = InstanceIdentity(instanceID: "i-a", imageVersion: "v1", bootID: "b1")
    static let configuration = AgentSessionStateMachine.Configuration(
        authenticator: Authenticator(fleetToken: "secret"), maxFrameBytes: 1 << 20, maxUncompressedBatchBytes: 4 << 20,
        helloTimeout: .seconds(10), idleTimeout: .seconds(300), collectorVersion: "test")

    static func hello(version: UInt16 = WireProtocol.version, token: String = "secret", identity: InstanceIdentity = identity) -> WireMessage {
        .hello(Hello(protocolVersion: version, agentVersion: "t", token: token, identity: identity, streamID: 7, lastAckedSequence: 0))
    }

    static func batch(_ sequence: UInt64, instance: String = "i-a") -> Batch {
        Batch(instanceID: instance, sequence: sequence, logs: nil, events: [LifecycleEvent(time: .zero, name: .heartbeat)])
    }

    /// A machine that has completed the hello and is streaming.
    static func streaming() -> AgentSessionStateMachine {
        var m = AgentSessionStateMachine(configuration: configuration)
        _ = m.messageReceived(hello())
        _ = m.streamOpened(lastStoredSequence: 3)
        return m
    }

    func refusal(_ action: AgentSessionStateMachine.Action) -> Refusal? {
        if case .refuseAndClose(let r) = action { return r }
        return nil
    }

    @Test func helloOpensStreamThenWelcomes() {
        var m = AgentSessionStateMachine(configuration: Self.configuration)
        #expect(m.messageReceived(Self.hello()) == .openStream(identity: Self.identity, streamID: 7))
        #expect(m.binding == .init(identity: Self.identity, streamID: 7))
        let welcome = m.streamOpened(lastStoredSequence: 3)
        #expect(welcome == .sendWelcome(Welcome(collectorVersion: "test", lastStoredSequence: 3, maxFrameBytes: 1 << 20)))
        #expect(m.state == .streaming(.init(identity: Self.identity, streamID: 7)))
    }

    @Test func otherProtocolVersionIsRefused() {
        var m = AgentSessionStateMachine(configuration: Self.configuration)
        let r = refusal(m.messageReceived(Self.hello(version: 2)))
        #expect(r?.code == .unsupportedVersion)
        #expect(r?.message == "agent speaks protocol 2, collector speaks 1")
        #expect(m.state == .closed)
    }

    @Test func badTokenIsRefused() {
        var m = AgentSessionStateMachine(configuration: Self.configuration)
        #expect(refusal(m.messageReceived(Self.hello(token: "secreT")))?.code == .badToken)
        #expect(m.state == .closed)
    }

    @Test func anInstanceTokenOpensItsOwnInstanceOnlyAndAnExpiredSecretsTokenIsRefused() {
        let current = Array("current-secret-0123456789".utf8), expired = Array("expired-secret-0123456789".utf8)
        let configuration = AgentSessionStateMachine.Configuration(
            authenticator: Authenticator(fleetToken: nil, instanceSecrets: [current]), maxFrameBytes: 1 << 20,
            maxUncompressedBatchBytes: 4 << 20, helloTimeout: .seconds(10), idleTimeout: .seconds(300), collectorVersion: "test")
        var own = AgentSessionStateMachine(configuration: configuration)
        #expect(own.messageReceived(Self.hello(token: InstanceToken.derive(secret: current, instanceID: "i-a")))
                == .openStream(identity: Self.identity, streamID: 7))

        var impostor = AgentSessionStateMachine(configuration: configuration)
        let asOther = refusal(impostor.messageReceived(Self.hello(token: InstanceToken.derive(secret: current, instanceID: "i-b"))))
        #expect(asOther?.code == .badToken)
        #expect(asOther?.message == "token rejected for instance i-a: the instance token does not match any current instance secret"
                + " (derived for another instance, or from a retired secret: derive it again with `iilogs token`)")

        var stale = AgentSessionStateMachine(configuration: configuration)
        let expiredRefusal = refusal(stale.messageReceived(Self.hello(token: InstanceToken.derive(secret: expired, instanceID: "i-a"))))
        #expect(expiredRefusal?.code == .badToken)
        #expect(expiredRefusal?.message == asOther?.message, "the refusal does not tell an expired secret's token from another instance's")
        #expect(stale.state == .closed)
    }

    @Test func invalidIdentityIsRefusedNamingTheField() {
        var m = AgentSessionStateMachine(configuration: Self.configuration)
        let r = refusal(m.messageReceived(Self.hello(identity: InstanceIdentity(instanceID: "i a", imageVersion: "v1"))))
        #expect(r?.code == .badIdentity)
        #expect(r?.message.contains("instanceID") == true)
    }

    @Test(arguments: [
        WireMessage.batch(AgentSessionStateMachineTests.batch(1)), .ping(Ping(time: .zero)), .ack(Ack(sequence: 1)),
    ])
    func anythingBeforeHelloIsRefused(message: WireMessage) {
        var m = AgentSessionStateMachine(configuration: Self.configuration)
        #expect(refusal(m.messageReceived(message))?.code == .unexpectedMessage)
        #expect(m.state == .closed)
    }

    @Test func batchIsAppendedThenAcked() {
        var m = Self.streaming()
        let action = m.messageReceived(.batch(Self.batch(4)))
        #expect(action == .append(identity: Self.identity, stream: StreamPosition(streamID: 7, sequence: 4), batch: Self.batch(4)))
        #expect(m.batchStored(.stored) == .sendAck(Ack(sequence: 4)))
        #expect(m.messageReceived(.batch(Self.batch(5))) != .none)
    }

    @Test func duplicateBatchIsAckedToo() {
        var m = Self.streaming()
        _ = m.messageReceived(.batch(Self.batch(2)))
        #expect(m.batchStored(.duplicate) == .sendAck(Ack(sequence: 2)))
    }

    @Test func batchForAnotherInstanceIsRefused() {
        var m = Self.streaming()
        let r = refusal(m.messageReceived(.batch(Self.batch(4, instance: "i-b"))))
        #expect(r?.code == .wrongInstance)
        #expect(r?.message == "batch for i-b on a connection bound to i-a")
    }

    @Test func sequenceZeroIsABadBatch() {
        var m = Self.streaming()
        #expect(refusal(m.messageReceived(.batch(Self.batch(0))))?.code == .badBatch)
    }

    @Test func oversizedLogBlockIsABadBatch() {
        var m = Self.streaming()
        let block = EncodedLogBlock(formatVersion: 1, summary: BlockSummary(lineCount: 0, minTime: .zero, maxTime: .zero,
                                                                             severityCounts: Array(repeating: 0, count: 8),
                                                                             tokenFilter: TokenFilter(words: [0])),
                                    uncompressedBytes: 5 << 20, checksum: 0, compressed: [])
        let r = refusal(m.messageReceived(.batch(Batch(instanceID: "i-a", sequence: 1, logs: block))))
        #expect(r?.code == .badBatch)
        #expect(r?.message.contains("maxUncompressedBatchBytes 4194304") == true)
    }

    @Test func pingIsAnswered() {
        var m = Self.streaming()
        #expect(m.messageReceived(.ping(Ping(time: Timestamp(nanosecondsSinceEpoch: 5)))) == .sendPing(Ping(time: Timestamp(nanosecondsSinceEpoch: 5))))
    }

    @Test func secondHelloIsUnexpected() {
        var m = Self.streaming()
        #expect(refusal(m.messageReceived(Self.hello()))?.code == .unexpectedMessage)
    }

    @Test func decoderErrorsRefuseWithTheirCode() {
        var m = AgentSessionStateMachine(configuration: Self.configuration)
        let error = WireProtocolError(.frameTooLarge, "frame length 9000000 exceeds maxFrameBytes 8388608", byteOffset: 4)
        let r = refusal(m.decodeFailed(error))
        #expect(r == Refusal(code: .frameTooLarge, message: "frame length 9000000 exceeds maxFrameBytes 8388608"))
        var m2 = Self.streaming()
        #expect(refusal(m2.decodeFailed(WireProtocolError(.badMagic, "bad magic", byteOffset: 0)))?.code == .malformedFrame)
    }

    @Test func helloTimeoutAndIdleTimeout() {
        var m = AgentSessionStateMachine(configuration: Self.configuration)
        #expect(refusal(m.timedOut()) == Refusal(code: .timeout, message: "no hello within 10s"))
        var s = Self.streaming()
        #expect(refusal(s.timedOut()) == Refusal(code: .timeout, message: "no frame for 5m"))
    }

    @Test func storeFailureWhileOpeningRefusesUnavailable() {
        var m = AgentSessionStateMachine(configuration: Self.configuration)
        _ = m.messageReceived(Self.hello())
        #expect(refusal(m.storeFailed(StoreError(.io, "disk full")))?.code == .storeUnavailable)
    }

    @Test func storeFailureWhileAppendingAcksNothing() {
        var m = Self.streaming()
        _ = m.messageReceived(.batch(Self.batch(4)))
        #expect(refusal(m.storeFailed(StoreError(.unavailable, "locked")))?.code == .storeUnavailable)
        #expect(m.batchStored(.stored) == .none)
    }

    @Test func corruptChunkIsABadBatch() {
        var m = Self.streaming()
        _ = m.messageReceived(.batch(Self.batch(4)))
        #expect(refusal(m.storeFailed(StoreError(.corruptChunk, "checksum mismatch")))?.code == .badBatch)
    }

    @Test func shutdownAndConnectionLimitRefuse() {
        var m = Self.streaming()
        #expect(refusal(m.shutdownRequested())?.code == .shuttingDown)
        var n = AgentSessionStateMachine(configuration: Self.configuration)
        #expect(refusal(n.tooManyConnections(.total(limit: 3)))?.message.contains("3 connections") == true)
        var p = AgentSessionStateMachine(configuration: Self.configuration)
        #expect(refusal(p.tooManyConnections(.perAddress(limit: 2, address: "10.0.0.9")))?.message
                == "10.0.0.9 already has 2 open connections (maxConnectionsPerAddress)")
    }

    @Test func peerCloseClosesOnceAndClosedIgnoresEverything() {
        var m = Self.streaming()
        #expect(m.inputClosed() == .close)
        #expect(m.inputClosed() == .none)
        #expect(m.messageReceived(.batch(Self.batch(1))) == .none)
        #expect(m.timedOut() == .none)
        #expect(m.decodeFailed(WireProtocolError(.malformed, "x", byteOffset: 0)) == .none)
    }
}
