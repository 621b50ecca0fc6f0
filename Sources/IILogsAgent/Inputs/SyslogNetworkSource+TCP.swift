import IILogsCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

extension SyslogNetworkSource {
    typealias ConnectionChannel = NIOAsyncChannel<SyslogFrame, Never>

    /// Accepts connections until the server channel closes (cancellation or graceful shutdown), then
    /// closes the open connections.
    func runTCP(_ endpoint: HostAndPort) async throws {
        let maxMessageBytes = self.maxMessageBytes
        let server = try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(SyslogFramingDecoder(maxMessageBytes: maxMessageBytes)))
                    return try ConnectionChannel(wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port
        stats.update { $0.tcpPort = port }
        logger.info("listening for syslog over TCP", metadata: ["address": "\(endpoint.host):\(port ?? endpoint.port)"])
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        let admitted = stats.update { stats -> Bool in
                            guard stats.activeConnections < maxConnections else {
                                stats.connectionsRefused += 1
                                return false
                            }
                            stats.activeConnections += 1
                            stats.connectionsAccepted += 1
                            return true
                        }
                        guard admitted else {
                            logger.warning("refusing a syslog TCP connection: too many open",
                                           metadata: ["maxConnections": "\(maxConnections)"])
                            connection.channel.close(promise: nil)
                            continue
                        }
                        group.addTask {
                            defer { stats.update { $0.activeConnections -= 1 } }
                            await serve(connection)
                        }
                    }
                }
                group.cancelAll()  // the server is closed: close the connections too
            }
        } onCancelOrGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    /// Reads one connection's messages until it closes; errors end only this connection.
    private func serve(_ connection: ConnectionChannel) async {
        let peer = connection.channel.remoteAddress.map { "\($0)" } ?? "unknown"
        do {
            try await withTaskCancellationHandler {
                try await connection.executeThenClose { inbound, _ in
                    for try await framed in inbound {
                        let record = builder.record(from: framed.bytes.readableBytesView, receivedAt: .now(),
                                                    alreadyTruncated: framed.truncated)
                        await sink.submit(.log(record), checkpoint: nil)
                    }
                }
            } onCancel: {
                connection.channel.close(promise: nil)
            }
        } catch let error as SyslogFramingError {
            stats.update { $0.framingErrors += 1 }
            logger.warning("closing a syslog TCP connection that cannot be framed", metadata: ["peer": "\(peer)", "error": "\(error)"])
        } catch {
            logger.debug("syslog TCP connection ended with an error", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
    }
}
