import IILogsAgent
import IILogsCore
import Testing

@Suite struct ShipperStateMachineTests {
    private func welcome(_ stored: UInt64) -> Welcome {
        Welcome(collectorVersion: "test", lastStoredSequence: stored, maxFrameBytes: 1 << 20)
    }

    private func streamingMachine(acked: UInt64 = 0, maxInFlight: Int = 4) -> ShipperStateMachine {
        var machine = ShipperStateMachine(maxInFlight: maxInFlight)
        _ = machine.start()
        _ = machine.connected(acknowledgedSequence: acked)
        _ = machine.welcomed(welcome(0))
        return machine
    }

    @Test func startConnects() {
        var machine = ShipperStateMachine(maxInFlight: 4)
        #expect(machine.start() == .connect)
        #expect(machine.state == .connecting(failures: 0))
        #expect(machine.start() == .none)
    }

    @Test func connectedSendsHelloWithSpoolAcknowledged() {
        var machine = ShipperStateMachine(maxInFlight: 4)
        _ = machine.start()
        #expect(machine.connected(acknowledgedSequence: 7) == .sendHello(lastAcknowledged: 7))
        #expect(machine.state == .handshaking(failures: 0))
    }

    @Test func connectFailuresBackOffWithGrowingAttempts() {
        var machine = ShipperStateMachine(maxInFlight: 4)
        _ = machine.start()
        #expect(machine.connectFailed() == .reconnectAfterBackoff(attempt: 0, maximum: false))
        #expect(machine.backoffElapsed() == .connect)
        #expect(machine.connectFailed() == .reconnectAfterBackoff(attempt: 1, maximum: false))
        #expect(machine.state == .disconnected(failures: 2))
    }

    @Test func welcomeStreamsFromTheAcknowledgedSequence() {
        var machine = ShipperStateMachine(maxInFlight: 4)
        _ = machine.start()
        _ = machine.connected(acknowledgedSequence: 3)
        #expect(machine.welcomed(welcome(1)) == [.sendEntries(after: 3, maxCount: 4)])
        #expect(machine.state == .streaming)
    }

    @Test func welcomeWithHigherStoredSequenceAcknowledgesThrough() {
        var machine = ShipperStateMachine(maxInFlight: 4)
        _ = machine.start()
        _ = machine.connected(acknowledgedSequence: 3)
        #expect(machine.welcomed(welcome(9)) == [.acknowledgeThrough(9), .sendEntries(after: 9, maxCount: 4)])
        #expect(machine.cursor == 9)
    }

    @Test func welcomeResetsFailures() {
        var machine = ShipperStateMachine(maxInFlight: 4)
        _ = machine.start()
        _ = machine.connectFailed()
        _ = machine.backoffElapsed()
        _ = machine.connected(acknowledgedSequence: 0)
        _ = machine.welcomed(welcome(0))
        #expect(machine.connectionClosed() == .reconnectAfterBackoff(attempt: 0, maximum: false))
    }

    @Test func inFlightWindowIsBounded() {
        var machine = streamingMachine(maxInFlight: 2)
        machine.sent([1, 2])
        #expect(machine.entriesAppended() == .none)
        #expect(machine.acked(1) == .acknowledge(1))
        #expect(machine.acknowledgementApplied(spoolAcknowledged: 1) == .sendEntries(after: 2, maxCount: 1))
        #expect(machine.inFlight == [2])
    }

    @Test func entriesAppendedWhileHandshakingDoesNothing() {
        var machine = ShipperStateMachine(maxInFlight: 2)
        _ = machine.start()
        _ = machine.connected(acknowledgedSequence: 0)
        #expect(machine.entriesAppended() == .none)
        #expect(machine.acked(1) == .none)
    }

    @Test func badTokenRefusalWaitsTheMaximum() {
        var machine = ShipperStateMachine(maxInFlight: 2)
        _ = machine.start()
        _ = machine.connected(acknowledgedSequence: 0)
        #expect(machine.refused(Refusal(code: .badToken, message: "no")) == .reconnectAfterBackoff(attempt: 0, maximum: true))
        #expect(machine.state == .disconnected(failures: 1))
    }

    @Test func transientRefusalUsesNormalBackoff() {
        var machine = streamingMachine()
        machine.sent([1])
        #expect(machine.refused(Refusal(code: .storeUnavailable, message: "busy")) == .reconnectAfterBackoff(attempt: 0, maximum: false))
        #expect(machine.inFlight.isEmpty)
    }

    @Test func reconnectResendsFromTheAcknowledgedSequence() {
        var machine = streamingMachine(maxInFlight: 8)
        machine.sent([1, 2, 3])
        _ = machine.acked(1)
        _ = machine.connectionClosed()
        _ = machine.backoffElapsed()
        #expect(machine.connected(acknowledgedSequence: 1) == .sendHello(lastAcknowledged: 1))
        #expect(machine.welcomed(welcome(1)) == [.sendEntries(after: 1, maxCount: 8)])
    }

    @Test func drainingStopsOnceEverythingIsAcknowledged() {
        var machine = streamingMachine()
        machine.sent([1, 2])
        #expect(machine.beginDraining(through: 2, spoolAcknowledged: 0) == .none)
        #expect(machine.state == .draining(through: 2))
        _ = machine.acked(1)
        #expect(machine.acknowledgementApplied(spoolAcknowledged: 1) == .sendEntries(after: 2, maxCount: 3))
        _ = machine.acked(2)
        #expect(machine.acknowledgementApplied(spoolAcknowledged: 2) == .stop)
        #expect(machine.state == .stopped)
    }

    @Test func drainingWithNothingOutstandingStopsAtOnce() {
        var machine = ShipperStateMachine(maxInFlight: 2)
        #expect(machine.beginDraining(through: 5, spoolAcknowledged: 5) == .stop)
        #expect(machine.start() == .none)
    }

    @Test func idlePingsOnlyWhileStreaming() {
        var machine = ShipperStateMachine(maxInFlight: 2)
        #expect(machine.idle() == .none)
        machine = streamingMachine()
        #expect(machine.idle() == .sendPing)
    }

    @Test func shutdownStopsFromAnyState() {
        var machine = streamingMachine()
        #expect(machine.shutdown() == .stop)
        #expect(machine.shutdown() == .none)
        #expect(machine.connectionClosed() == .none)
    }
}

@Suite struct ShipperStateMachineDrainTests {
    @Test func drainingRequestedWhileConnectingAppliesOnceStreaming() {
        var machine = ShipperStateMachine(maxInFlight: 2)
        _ = machine.start()
        #expect(machine.beginDraining(through: 3, spoolAcknowledged: 0) == .none)
        _ = machine.connected(acknowledgedSequence: 0)
        _ = machine.welcomed(Welcome(collectorVersion: "t", lastStoredSequence: 0, maxFrameBytes: 1024))
        #expect(machine.state == .draining(through: 3))
        machine.sent([1, 2])
        _ = machine.acked(1)
        _ = machine.acked(2)
        #expect(machine.acknowledgementApplied(spoolAcknowledged: 3) == .stop)
    }

    @Test func drainingSurvivesAReconnect() {
        var machine = ShipperStateMachine(maxInFlight: 2)
        _ = machine.start()
        _ = machine.connected(acknowledgedSequence: 0)
        _ = machine.welcomed(Welcome(collectorVersion: "t", lastStoredSequence: 0, maxFrameBytes: 1024))
        _ = machine.beginDraining(through: 5, spoolAcknowledged: 0)
        #expect(machine.connectionClosed() == .reconnectAfterBackoff(attempt: 0, maximum: false))
        _ = machine.backoffElapsed()
        _ = machine.connected(acknowledgedSequence: 2)
        _ = machine.welcomed(Welcome(collectorVersion: "t", lastStoredSequence: 2, maxFrameBytes: 1024))
        #expect(machine.state == .draining(through: 5))
    }
}
