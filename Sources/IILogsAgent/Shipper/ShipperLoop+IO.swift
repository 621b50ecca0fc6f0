import IILogsCore
import Logging
import NIOCore

extension ShipperLoop {
    mutating func connect(group: inout TaskGroup<Void>) async -> ShipperStateMachine.Action {
        connectionNumber += 1
        let number = connectionNumber
        do {
            let channel = try await shipper.connector.connect()
            self.channel = channel
            group.addTask { [sink, logger] in
                do {
                    try await channel.executeThenClose { inbound, outbound in
                        sink.yield(.ready(connection: number, outbound: outbound))
                        for try await message in inbound { sink.yield(.message(connection: number, message)) }
                    }
                    sink.yield(.closed(connection: number, nil))
                } catch let error as CollectorTLSError {
                    // Logged here: a failed write may already have dropped the connection, hiding this reason.
                    logger.error("refusing to ship: the collector refused our TLS session; records stay in the spool",
                                 metadata: ["error": "\(error)"])
                    sink.yield(.closed(connection: number, error))
                } catch {
                    sink.yield(.closed(connection: number, error))
                }
            }
            return .none  // `.ready` continues the handshake
        } catch let error as CollectorTLSError {
            // Not shipping to a collector we cannot verify; the spool keeps everything and we retry after backoff.
            let level: Logger.Level = machine.failures % 10 == 0 ? .error : .debug
            logger.log(level: level, "refusing to ship: TLS handshake with the collector failed; records stay in the spool", metadata: [
                "host": "\(shipper.connector.host)", "port": "\(shipper.connector.port)", "error": "\(error)",
            ])
            shipper.counters.update { $0.connectionFailures += 1 }
            return machine.connectFailed()
        } catch {
            // Loud on the first failure and every tenth after; the rest at debug so an outage does not flood the log.
            let level: Logger.Level = machine.failures % 10 == 0 ? .warning : .debug
            logger.log(level: level, "cannot connect to collector", metadata: [
                "host": "\(shipper.connector.host)", "port": "\(shipper.connector.port)", "error": "\(error)",
            ])
            shipper.counters.update { $0.connectionFailures += 1 }
            return machine.connectFailed()
        }
    }

    mutating func dropConnection() {
        channel?.channel.close(promise: nil)
        channel = nil
        outbound = nil
    }

    /// Writes frames; returns the action for a broken or stalled connection, nil on success.
    ///
    /// The write waits while the connection's buffers are full (the peer reads nothing), so it is bounded by
    /// the ack timeout: a watchdog closes the channel, which ends the waiting write with an error, and the
    /// stall is reported like a missing ack.
    mutating func write(_ frames: [ByteBuffer]) async -> ShipperStateMachine.Action? {
        guard let outbound, let connection = channel?.channel else { return nil }
        let limit = shipper.options.ackTimeout
        let (failure, stalled) = await withTaskGroup(of: Bool.self) { group -> ((any Error)?, Bool) in
            group.addTask {
                do { try await Task.sleep(for: limit) } catch { return false }
                connection.close(promise: nil)
                return true
            }
            var failure: (any Error)?
            do { try await outbound.write(contentsOf: frames) } catch { failure = error }
            group.cancelAll()
            return (failure, await group.next() ?? false)
        }
        if stalled {
            dropConnection()
            return machine.writeStalled()
        }
        if let failure {
            logger.warning("write to collector failed", metadata: ["error": "\(failure)"])
            shipper.counters.update { $0.connectionFailures += 1 }
            dropConnection()
            return machine.connectionClosed()
        }
        lastWrite = .now
        return nil
    }

    mutating func sendEntries(after: UInt64, maxCount: Int) async -> ShipperStateMachine.Action? {
        let entries: [SpoolEntry]
        do {
            entries = try await shipper.spool.entries(after: after, limit: maxCount)
        } catch {
            logger.error("cannot read the spool", metadata: ["error": "\(error)"])
            return nil
        }
        guard !entries.isEmpty else { return nil }
        if let failed = await write(entries.map { ByteBuffer(bytes: $0.payload) }) { return failed }
        shipper.counters.update { $0.batchesSent += entries.count }
        machine.sent(entries.map(\.sequence), now: .now)
        return nil
    }

    mutating func acknowledge(_ body: (Spool) async throws -> Void) async -> ShipperStateMachine.Action {
        do {
            try await body(shipper.spool)
        } catch {
            logger.error("cannot record an acknowledgement in the spool", metadata: ["error": "\(error)"])
        }
        return machine.acknowledgementApplied(spoolAcknowledged: await shipper.spool.acknowledgedSequence)
    }
}
