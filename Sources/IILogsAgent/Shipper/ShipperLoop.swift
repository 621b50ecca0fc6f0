import IILogsCore
import Logging
import NIOCore

/// The shipper's event loop: performs ``ShipperStateMachine`` actions, turns I/O into events.
struct ShipperLoop {
    let shipper: Shipper
    let sink: AsyncStream<ShipperEvent>.Continuation
    var machine: ShipperStateMachine
    var connectionNumber = 0
    var channel: CollectorConnector.Channel?
    var outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>?
    var lastWrite = ContinuousClock.now
    var random = SystemRandomNumberGenerator()
    var logger: Logger { shipper.logger }

    init(shipper: Shipper, sink: AsyncStream<ShipperEvent>.Continuation) {
        self.shipper = shipper
        self.sink = sink
        self.machine = ShipperStateMachine(maxInFlight: shipper.options.maxInFlight, ackTimeout: shipper.options.ackTimeout)
    }

    mutating func run(events: AsyncStream<ShipperEvent>, group: inout TaskGroup<Void>) async {
        if await perform([machine.start()], group: &group) { return }
        for await event in events {
            let actions: [ShipperStateMachine.Action]
            switch event {
            case .ready(let number, let writer):
                guard number == connectionNumber else { continue }
                outbound = writer
                actions = [machine.connected(acknowledgedSequence: await shipper.spool.acknowledgedSequence, now: .now)]
            case .message(let number, let message):
                guard number == connectionNumber else { continue }
                actions = await handle(message)
            case .closed(let number, let error):
                guard number == connectionNumber, channel != nil else { continue }
                logger.warning("collector connection closed", metadata: ["error": "\(error.map { "\($0)" } ?? "end of stream")"])
                shipper.counters.update { $0.connectionFailures += 1 }
                dropConnection()
                actions = [machine.connectionClosed()]
            case .entriesAppended:
                actions = [machine.entriesAppended()]
            case .tick(let instant):
                let overdue = machine.deadlinePassed(now: instant)
                if overdue != .none {
                    actions = [overdue]
                } else {
                    actions = ContinuousClock.now - lastWrite >= shipper.options.pingInterval ? [machine.idle()] : []
                }
            case .backoffElapsed:
                actions = [machine.backoffElapsed()]
            case .gracefulShutdown:
                let spool = shipper.spool
                let action = machine.beginDraining(through: await spool.lastSequence, spoolAcknowledged: await spool.acknowledgedSequence)
                if action != .stop {
                    logger.info("draining the spool before stopping", metadata: ["deadline": "\(shipper.options.drainDeadline)"])
                    let deadline = shipper.options.drainDeadline
                    group.addTask { [sink] in
                        try? await Task.sleep(for: deadline)
                        sink.yield(.drainDeadline)
                    }
                }
                actions = [action]
            case .drainDeadline:
                let unacknowledged = await shipper.spool.unacknowledgedEntries
                logger.warning("drain deadline passed; stopping with unacknowledged batches in the spool",
                               metadata: ["unacknowledged": "\(unacknowledged)"])
                actions = [machine.shutdown()]
            }
            if await perform(actions, group: &group) { return }
        }
        dropConnection()  // cancelled: the event stream ended
    }

    private mutating func handle(_ message: WireMessage) async -> [ShipperStateMachine.Action] {
        switch message {
        case .welcome(let welcome):
            shipper.counters.update { $0.connections += 1 }
            logger.info("connected to collector", metadata: [
                "collector_version": "\(welcome.collectorVersion)", "last_stored_sequence": "\(welcome.lastStoredSequence)",
            ])
            do { try await shipper.spool.settleDropsInFlight(lastStoredSequence: welcome.lastStoredSequence) } catch {
                logger.error("cannot record dropped records in the spool ledger", metadata: ["error": "\(error)"])
            }
            return machine.welcomed(welcome)
        case .ack(let ack):
            shipper.counters.update { $0.acknowledgements += 1 }
            return [machine.acked(ack.sequence, now: .now)]
        case .refuse(let refusal):
            shipper.counters.update { $0.refusals[refusal.code.name, default: 0] += 1 }
            let action = machine.refused(refusal)
            if case .reconnectAfterBackoff(_, true) = action {
                logger.critical("collector refused this agent; check the token, identity and version",
                                metadata: ["reason": "\(refusal.code.name)", "message": "\(refusal.message)"])
            } else {
                logger.warning("collector refused the connection", metadata: ["reason": "\(refusal.code.name)", "message": "\(refusal.message)"])
            }
            dropConnection()
            return [action]
        case .ping:
            return []
        case .hello, .batch:
            logger.warning("collector sent an unexpected message; reconnecting")
            dropConnection()
            return [machine.connectionClosed()]
        }
    }

    /// Performs actions (and those they lead to); true when the shipper must stop.
    private mutating func perform(_ initial: [ShipperStateMachine.Action], group: inout TaskGroup<Void>) async -> Bool {
        var pending = initial[...]
        while let action = pending.popFirst() {
            switch action {
            case .none:
                break
            case .connect:
                pending.append(await connect(group: &group))
            case .sendHello(let acknowledged):
                let hello = Hello(agentVersion: shipper.options.agentVersion, token: shipper.options.token,
                                  identity: shipper.options.identity, streamID: await shipper.spool.streamID,
                                  lastAckedSequence: acknowledged)
                if let failed = await write([ByteBuffer(bytes: WireCodec.encodedFrame(.hello(hello)))]) { pending.append(failed) }
            case .acknowledgeThrough(let sequence):
                pending.append(await acknowledge { try await $0.acknowledge(through: sequence) })
            case .acknowledge(let sequence):
                pending.append(await acknowledge { try await $0.acknowledge(sequence) })
            case .sendEntries(let after, let maxCount):
                // Several queued actions may ask to send: use the window as it is now, not when they were made.
                let room = min(maxCount, machine.maxInFlight - machine.inFlight.count)
                if room > 0, let failed = await sendEntries(after: max(after, machine.cursor), maxCount: room) { pending.append(failed) }
            case .sendPing:
                let ping = WireMessage.ping(Ping(time: Timestamp.now()))
                if let failed = await write([ByteBuffer(bytes: WireCodec.encodedFrame(ping))]) { pending.append(failed) }
            case .timedOut(let awaited, let attempt):
                reportTimeout(awaited)
                pending.append(.reconnectAfterBackoff(attempt: attempt, maximum: false))
            case .reconnectAfterBackoff(let attempt, let maximum):
                dropConnection()
                let delay = maximum ? shipper.options.backoff.refusalDelay : shipper.options.backoff.delay(attempt: attempt, using: &random)
                logger.debug("reconnecting after backoff", metadata: ["attempt": "\(attempt)", "delay": "\(delay)"])
                group.addTask { [sink] in
                    do { try await Task.sleep(for: delay) } catch { return }
                    sink.yield(.backoffElapsed)
                }
            case .stop:
                dropConnection()
                return true
            }
        }
        return false
    }
}
