import IILogsAgent
import IILogsCore
import Testing

/// `shipper.ackTimeout`: the welcome and, while entries are in flight, the next ack must come in time, else
/// the connection is given up and its entries resent on the next one. Instants are given, no clock runs.
@Suite struct ShipperStateMachineAckTimeoutTests {
    let t0 = ContinuousClock.now
    let timeout = Duration.seconds(2)

    private func welcome(_ stored: UInt64 = 0) -> Welcome {
        Welcome(collectorVersion: "test", lastStoredSequence: stored, maxFrameBytes: 1 << 20)
    }

    private func streamingMachine(at time: ContinuousClock.Instant) -> ShipperStateMachine {
        var machine = ShipperStateMachine(maxInFlight: 8, ackTimeout: timeout)
        _ = machine.start()
        _ = machine.connected(acknowledgedSequence: 0, now: time)
        _ = machine.welcomed(welcome())
        return machine
    }

    @Test func theWelcomeIsDueOneTimeoutAfterConnecting() {
        var machine = ShipperStateMachine(maxInFlight: 4, ackTimeout: timeout)
        _ = machine.start()
        _ = machine.connected(acknowledgedSequence: 0, now: t0)
        #expect(machine.replyDeadline == t0 + timeout)
        #expect(machine.deadlinePassed(now: t0 + .milliseconds(1999)) == .none)
        #expect(machine.state == .handshaking(failures: 0))
        #expect(machine.deadlinePassed(now: t0 + timeout) == .timedOut(.welcome, attempt: 0))
        #expect(machine.state == .disconnected(failures: 1))
        #expect(machine.replyDeadline == nil)
        #expect(machine.backoffElapsed() == .connect)
    }

    @Test func repeatedWelcomeTimeoutsBackOffFurther() {
        var machine = ShipperStateMachine(maxInFlight: 4, ackTimeout: timeout)
        var now = t0
        for attempt in 0..<3 {
            #expect(machine.start() == .connect)
            _ = machine.connected(acknowledgedSequence: 0, now: now)
            now += timeout
            #expect(machine.deadlinePassed(now: now) == .timedOut(.welcome, attempt: attempt))
        }
    }

    @Test func aWelcomeInTimeClearsTheDeadline() {
        var machine = streamingMachine(at: t0)
        #expect(machine.replyDeadline == nil)
        #expect(machine.deadlinePassed(now: t0 + .seconds(3600)) == .none, "an idle connection with nothing in flight never times out")
    }

    @Test func theAckIsDueOneTimeoutAfterTheFirstEntryInFlight() {
        var machine = streamingMachine(at: t0)
        machine.sent([1, 2], now: t0 + .seconds(1))
        #expect(machine.replyDeadline == t0 + .seconds(3))
        machine.sent([3], now: t0 + .seconds(2))
        #expect(machine.replyDeadline == t0 + .seconds(3), "later sends do not push back the wait for the oldest")
        #expect(machine.deadlinePassed(now: t0 + .milliseconds(2999)) == .none)
        #expect(machine.deadlinePassed(now: t0 + .seconds(3)) == .timedOut(.acknowledgement(oldestUnacknowledged: 1), attempt: 0))
        #expect(machine.state == .disconnected(failures: 1))
        #expect(machine.inFlight.isEmpty)
    }

    @Test func eachAckRestartsTheWaitAndTheLastOneEndsIt() {
        var machine = streamingMachine(at: t0)
        machine.sent([1, 2, 3], now: t0)
        #expect(machine.acked(1, now: t0 + .seconds(1)) == .acknowledge(1))
        #expect(machine.replyDeadline == t0 + .seconds(3))
        #expect(machine.deadlinePassed(now: t0 + .milliseconds(2500)) == .none, "the collector answered at 1s")
        _ = machine.acked(2, now: t0 + .seconds(2))
        #expect(machine.deadlinePassed(now: t0 + .seconds(4)) == .timedOut(.acknowledgement(oldestUnacknowledged: 3), attempt: 0))

        machine = streamingMachine(at: t0)
        machine.sent([1], now: t0)
        _ = machine.acked(1, now: t0 + .seconds(1))
        #expect(machine.replyDeadline == nil)
        #expect(machine.deadlinePassed(now: t0 + .seconds(60)) == .none)
    }

    @Test func afterATimeoutTheNextConnectionResendsTheUnacknowledged() {
        var machine = streamingMachine(at: t0)
        machine.sent([1, 2, 3], now: t0)
        _ = machine.acked(1, now: t0)
        _ = machine.deadlinePassed(now: t0 + .seconds(10))
        #expect(machine.backoffElapsed() == .connect)
        #expect(machine.connected(acknowledgedSequence: 1, now: t0 + .seconds(11)) == .sendHello(lastAcknowledged: 1))
        #expect(machine.welcomed(welcome(1)) == [.sendEntries(after: 1, maxCount: 8)])
    }

    @Test func drainingTimesOutToo() {
        var machine = streamingMachine(at: t0)
        machine.sent([1, 2], now: t0)
        _ = machine.beginDraining(through: 2, spoolAcknowledged: 0)
        #expect(machine.deadlinePassed(now: t0 + timeout) == .timedOut(.acknowledgement(oldestUnacknowledged: 1), attempt: 0))
        _ = machine.backoffElapsed()
        _ = machine.connected(acknowledgedSequence: 0, now: t0 + .seconds(3))
        _ = machine.welcomed(welcome())
        #expect(machine.state == .draining(through: 2), "the drain goes on over the new connection")
    }

    @Test func aStalledWriteGivesTheConnectionUp() {
        var machine = streamingMachine(at: t0)
        machine.sent([4, 5], now: t0)
        #expect(machine.writeStalled() == .timedOut(.write(oldestUnacknowledged: 4), attempt: 0))
        #expect(machine.state == .disconnected(failures: 1))
        #expect(machine.writeStalled() == .none)

        var handshaking = ShipperStateMachine(maxInFlight: 2, ackTimeout: timeout)
        _ = handshaking.start()
        _ = handshaking.connected(acknowledgedSequence: 0, now: t0)
        #expect(handshaking.writeStalled() == .timedOut(.write(oldestUnacknowledged: nil), attempt: 0))
    }

    @Test func closedOrStoppedMachinesHaveNoDeadline() {
        var machine = streamingMachine(at: t0)
        machine.sent([1], now: t0)
        _ = machine.connectionClosed()
        #expect(machine.replyDeadline == nil)
        #expect(machine.deadlinePassed(now: t0 + .seconds(60)) == .none)
        machine = streamingMachine(at: t0)
        machine.sent([1], now: t0)
        _ = machine.shutdown()
        #expect(machine.deadlinePassed(now: t0 + .seconds(60)) == .none)
    }
}
