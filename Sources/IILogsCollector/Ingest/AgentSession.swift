public import IILogsCore
public import IILogsStore
public import Logging
public import NIOCore

/// One agent connection: feeds frames to an ``AgentSessionStateMachine`` and performs its actions.
///
/// Never throws: every failure ends as a refusal or a close, logged and counted, so one bad client
/// never disturbs the others.
public struct AgentSession: Sendable {
    public let channel: NIOAsyncChannel<WireMessage, WireMessage>
    public let store: any LogStore
    public let configuration: AgentSessionStateMachine.Configuration
    public let counters: CollectorCounters
    public let logger: Logger
    /// Fed each batch once stored, through a ``SessionRulesFeed`` (nil = rules off).
    public let evaluator: RuleEvaluator?
    /// Slows instances above their records-per-second limit (nil = no limit).
    public let rateLimiter: IngestRateLimiter?
    /// This collector's ``CollectorID``, stored with every batch (``IngestBatch/receivedBy``).
    public let collectorID: String

    public init(channel: NIOAsyncChannel<WireMessage, WireMessage>, store: any LogStore,
                configuration: AgentSessionStateMachine.Configuration, counters: CollectorCounters, logger: Logger,
                evaluator: RuleEvaluator? = nil, rateLimiter: IngestRateLimiter? = nil, collectorID: String = "") {
        self.collectorID = collectorID
        self.evaluator = evaluator
        self.rateLimiter = rateLimiter
        self.channel = channel
        self.store = store
        self.configuration = configuration
        self.counters = counters
        self.logger = logger
    }

    /// Serves the connection until it is refused or closed. `overLimit` refuses it at once.
    public func run(overLimit: ConnectionLimitExceeded? = nil) async {
        var logger = logger
        logger[metadataKey: "peer"] = "\(channel.channel.remoteAddress?.description ?? "?")"
        do {
            try await channel.executeThenClose { inbound, outbound in try await SessionRulesFeed.withFeed(evaluator: evaluator) { rules in
                var machine = AgentSessionStateMachine(configuration: configuration)
                var iterator = inbound.makeAsyncIterator()
                var action: AgentSessionStateMachine.Action = .none
                if let overLimit { action = machine.tooManyConnections(overLimit) }
                while true {
                    switch action {
                    case .openStream(let identity, let streamID):
                        logger[metadataKey: "instance"] = "\(identity.instanceID)"
                        do throws(StoreError) {
                            let last = try await store.openStream(identity: identity, streamID: streamID, at: .now())
                            action = machine.streamOpened(lastStoredSequence: last)
                        } catch {
                            logger.error("store.openStream failed", metadata: ["error": "\(error)"])
                            action = machine.storeFailed(error)
                        }
                        continue
                    case .append(let identity, let stream, let batch):
                        action = await append(batch, identity: identity, stream: stream, machine: &machine, rules: &rules, logger: logger)
                        continue
                    case .sendWelcome(let welcome):
                        logger.debug("agent welcomed", metadata: ["lastStoredSequence": "\(welcome.lastStoredSequence)"])
                        try await outbound.write(.welcome(welcome))
                    case .sendAck(let ack):
                        try await outbound.write(.ack(ack))
                    case .sendPing(let ping):
                        try await outbound.write(.ping(ping))
                    case .refuseAndClose(let refusal):
                        counters.refused(refusal.code)
                        logger.warning("agent refused", metadata: ["reason": "\(refusal.code.name)", "message": "\(refusal.message)"])
                        try? await outbound.write(.refuse(refusal))
                        return
                    case .close:
                        return
                    case .none:
                        break
                    }
                    action = await Self.nextEvent(&iterator, machine: &machine)
                }
            } }
        } catch {
            logger.debug("agent connection ended with an error", metadata: ["error": "\(error)"])
        }
    }

    private func append(_ batch: Batch, identity: InstanceIdentity, stream: StreamPosition,
                        machine: inout AgentSessionStateMachine, rules: inout SessionRulesFeed?,
                        logger: Logger) async -> AgentSessionStateMachine.Action {
        await throttle(batch, instanceID: identity.instanceID, logger: logger)
        let ingest = IngestBatch(identity: identity, stream: stream, receivedAt: .now(), logs: batch.logs,
                                 events: batch.events, metrics: batch.metrics, agentDroppedRecords: batch.droppedRecords,
                                 receivedBy: collectorID)
        do throws(StoreError) {
            let started = ContinuousClock.now
            let outcome = try await store.append(ingest)
            counters.batchCommit.observe(ContinuousClock.now - started)
            counters.batchStored(lineCount: Int(batch.logs?.summary.lineCount ?? 0), duplicate: outcome == .duplicate)
            if outcome == .stored { await rules?.submit(ingest) }
            return machine.batchStored(outcome)
        } catch {
            logger.error("store.append failed", metadata: ["sequence": "\(batch.sequence)", "error": "\(error)"])
            return machine.storeFailed(error)
        }
    }

    /// Waits while the instance is over its records-per-second limit; the batch is then stored, never dropped.
    private func throttle(_ batch: Batch, instanceID: String, logger: Logger) async {
        guard let rateLimiter else { return }
        let records = Int(batch.logs?.summary.lineCount ?? 0) + batch.events.count + batch.metrics.count
        let uptime = ContinuousClock.now - Self.clockOrigin
        let now = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
        let delay = rateLimiter.delay(instanceID: instanceID, records: records, now: now)
        guard delay > .zero else { return }
        counters.batchThrottled(for: delay)
        logger.debug("instance over its records-per-second limit; holding its batch back",
                     metadata: ["sequence": "\(batch.sequence)", "records": "\(records)", "delay": "\(delay)"])
        try? await Task.sleep(for: delay)
    }

    private static let clockOrigin = ContinuousClock.now

    /// Reads the next frame and turns it (or why there is none) into the machine's next action.
    private static func nextEvent(_ iterator: inout NIOAsyncChannelInboundStream<WireMessage>.AsyncIterator,
                                  machine: inout AgentSessionStateMachine) async -> AgentSessionStateMachine.Action {
        do {
            guard let message = try await iterator.next() else { return machine.inputClosed() }
            return machine.messageReceived(message)
        } catch let error as WireProtocolError {
            return machine.decodeFailed(error)
        } catch is SessionTimeout {
            return machine.timedOut()
        } catch is SessionShutdown {
            return machine.shutdownRequested()
        } catch {
            return machine.inputClosed()
        }
    }
}
