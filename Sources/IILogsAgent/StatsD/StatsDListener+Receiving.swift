import IILogsCore
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

extension StatsDListener {
    typealias DatagramChannel = NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>

    /// UDP through NIO; the receive buffer is one byte over the limit so a cut datagram is recognised.
    func runUDP(_ endpoint: HostAndPort) async throws {
        let limit = options.maxDatagramBytes
        let channel = try await DatagramBootstrap(group: eventLoopGroup)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: limit + 1))
            .bind(host: endpoint.host, port: endpoint.port) { channel in
                channel.eventLoop.makeCompletedFuture { try DatagramChannel(wrappingChannelSynchronously: channel) }
            }
        let port = channel.channel.localAddress?.port
        stats.update { $0.udpPort = port }
        logger.info("listening for statsd over UDP", metadata: ["address": "\(endpoint.host):\(port ?? endpoint.port)"])
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await channel.executeThenClose { inbound, _ in
                for try await envelope in inbound {
                    let bytes = envelope.data.readableBytesView
                    await handle(bytes.prefix(limit), truncated: bytes.count > limit)
                }
            }
        } onCancelOrGracefulShutdown: {
            channel.channel.close(promise: nil)
        }
    }

    /// The unix datagram socket, read on a thread of its own (see ``UnixDatagramSocket`` for why not NIO).
    func runSocket(_ path: String) async throws {
        let socket = try UnixDatagramSocket(bindingTo: path, permissions: mode_t(options.permissions), receiveTimeout: Self.receiveTimeout)
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        stats.update { $0.socketBound = true }
        logger.info("listening for statsd on a unix datagram socket", metadata: ["path": "\(path)"])
        let limit = options.maxDatagramBytes
        var failure: (any Error)?
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            do {
                let datagrams = try await pool.runIfActive {
                    try socket.receive(maxDatagrams: Self.maxDatagramsPerReceive, maxBytes: limit)
                }
                for datagram in datagrams { await handle(datagram.bytes, truncated: datagram.truncated) }
            } catch is CancellationError {
                break
            } catch {
                failure = error
                break
            }
        }
        try? await pool.shutdownGracefully()
        socket.closeAndRemove()
        if let failure { throw failure }
    }
}
