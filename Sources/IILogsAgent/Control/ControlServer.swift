import IILogsCore
public import Logging
public import NIOCore
import NIOPosix
public import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// The agent's control socket: a unix stream socket serving ``ControlRequest``s, one per connection,
/// for `iilogs-agent event …` and `iilogs-agent flush …`.
public struct ControlServer: Service {
    let path: String
    let batcher: any BatchFlusher
    let spool: Spool
    let bootID: String
    let logger: Logger
    let eventLoopGroup: any EventLoopGroup

    /// A server at `path` (an existing socket file there is replaced).
    public init(path: String, batcher: any BatchFlusher, spool: Spool, bootID: String, logger: Logger,
                eventLoopGroup: (any EventLoopGroup)? = nil) {
        self.path = path
        self.batcher = batcher
        self.spool = spool
        self.bootID = bootID
        self.logger = logger
        self.eventLoopGroup = eventLoopGroup ?? MultiThreadedEventLoopGroup.singleton
    }

    public func run() async throws {
        let server = try await ServerBootstrap(group: eventLoopGroup)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(ControlLineDecoder(maxLineBytes: ControlRequest.maxLineBytes)))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        logger.info("control socket listening", metadata: ["path": "\(path)"])
        defer { unlink(path) }
        try? await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        }
    }

    private func serve(_ connection: NIOAsyncChannel<String, ByteBuffer>) async {
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await line in inbound {
                    let reply = await respond(to: line)
                    try await outbound.write(ByteBuffer(string: reply + "\n"))
                    return
                }
            }
        } catch {
            logger.debug("control connection failed", metadata: ["error": "\(error)"])
        }
    }

    /// The reply line for a request line.
    func respond(to line: String) async -> String {
        let request: ControlRequest
        do { request = try ControlRequest(parsing: line) } catch { return "error \(error.message)" }
        switch request {
        case .event(let name, let detail):
            let event = LifecycleEvent(time: .now(), name: LifecycleEvent.Name(rawValue: name), bootID: bootID, detail: detail)
            await batcher.submit(.lifecycle(event), checkpoint: nil)
            let sequence = await batcher.flush()
            logger.info("event recorded", metadata: ["event": "\(name)", "sequence": "\(sequence)"])
            return "ok spooled sequence=\(sequence)"
        case .flush(let timeout):
            let sequence = await batcher.flush()
            if await spool.waitUntilAcknowledged(through: sequence, timeout: timeout) {
                return "ok acknowledged sequence=\(sequence)"
            }
            let pending = await spool.unacknowledgedEntries
            return "error timeout after \(timeout): \(pending) batches not yet acknowledged by the collector"
        }
    }
}
