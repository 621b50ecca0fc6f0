import IILogsCore
import Logging
import NIOCore
import NIOPosix

extension SyslogIngestServer {
    /// An accepted connection with its sender's address, read at accept time: a sender that writes and
    /// closes at once may be gone (and its address cleared) before the connection's task first runs.
    struct TCPConnection: Sendable {
        /// The frames of each socket read together (``ReadBatchHandler``).
        var channel: NIOAsyncChannel<[SyslogFrame], Never>
        var peer: String
    }
    typealias TCPServerChannel = NIOAsyncChannel<TCPConnection, Never>
    typealias UDPChannel = NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, Never>

    /// UDP receive buffer: one byte over the limit, so an over-long datagram is seen as such (the kernel cuts the rest).
    static func udpReceiveBufferBytes(maxMessageBytes: Int) -> Int { maxMessageBytes + 1 }

    func bindTCP() async throws -> TCPServerChannel? {
        guard let listen = settings.syslogTCPListen else { return nil }
        let maxBytes = settings.syslogMaxMessageBytes
        do {
            let channel = try await ServerBootstrap(group: eventLoopGroup)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .bind(host: listen.host, port: listen.port) { child in
                    child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(SyslogFramingDecoder(maxMessageBytes: maxBytes)))
                        try child.pipeline.syncOperations.addHandler(ReadBatchHandler<SyslogFrame>())
                        return TCPConnection(channel: try NIOAsyncChannel(wrappingChannelSynchronously: child),
                                             peer: child.remoteAddress?.ipAddress ?? "")
                    }
                }
            let address = AgentIngestServer.hostAndPort(channel.channel.localAddress, fallback: listen)
            _ = register(channel.channel)
            boundTCP(address)
            logger.info("listening for syslog over TCP", metadata: ["address": "\(address)"])
            return channel
        } catch {
            let failure = IngestServerError(message: "cannot listen for syslog over TCP on \(listen): \(error)")
            failTCP(failure)
            throw failure
        }
    }

    func bindUDP(closingOnFailure tcp: (any Channel)?) async throws -> UDPChannel? {
        guard let listen = settings.syslogUDPListen else { return nil }
        do {
            let channel = try await DatagramBootstrap(group: eventLoopGroup)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(
                    capacity: Self.udpReceiveBufferBytes(maxMessageBytes: settings.syslogMaxMessageBytes)))
                .bind(host: listen.host, port: listen.port) { channel in
                    channel.eventLoop.makeCompletedFuture { try UDPChannel(wrappingChannelSynchronously: channel) }
                }
            let address = AgentIngestServer.hostAndPort(channel.channel.localAddress, fallback: listen)
            _ = register(channel.channel)
            boundUDP(address)
            logger.info("listening for syslog over UDP", metadata: ["address": "\(address)"])
            return channel
        } catch {
            try? await tcp?.close()
            let failure = IngestServerError(message: "cannot listen for syslog over UDP on \(listen): \(error)")
            failUDP(failure)
            throw failure
        }
    }

    func acceptTCP(_ server: TCPServerChannel) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { inbound in
                for try await connection in inbound {
                    guard tcpConnectionOpened() else {
                        logger.warning("syslog TCP connection refused: syslogMaxConnections \(settings.syslogMaxConnections) reached")
                        try? await connection.channel.channel.close()
                        continue
                    }
                    group.addTask { await self.serveTCP(connection) }
                }
            }
        }
        unregister(server.channel)
    }

    /// Serves one connection on its own task (not the server's actor): frames are parsed here, in parallel
    /// with other connections, and handed to the writer once per socket read.
    private nonisolated func serveTCP(_ connection: TCPConnection) async {
        guard await register(connection.channel.channel) else {
            await tcpConnectionClosed()
            return
        }
        let peer = connection.peer
        let sdID = settings.syslogIdentitySDID
        var senders: Set<InstanceIdentity> = []
        do {
            try await connection.channel.executeThenClose { inbound in
                for try await frames in inbound {
                    var entries: [(entry: SyslogEntry, truncated: Bool)] = []
                    entries.reserveCapacity(frames.count)
                    let now = Timestamp.now()
                    for framed in frames {
                        let entry = SyslogEntry.make(bytes: framed.bytes.readableBytesView, truncated: framed.truncated, peer: peer,
                                                     identitySDID: sdID, imageRules: settings.syslogImageRules, receivedAt: now)
                        senders.insert(entry.identity)
                        entries.append((entry, framed.truncated))
                    }
                    await writer.add(entries)
                }
            }
        } catch {
            logger.debug("syslog TCP connection ended", metadata: ["peer": "\(peer)", "error": "\(error)"])
        }
        await unregister(connection.channel.channel)
        await writer.flush(senders)
        await tcpConnectionClosed()
    }

    func receiveUDP(_ channel: UDPChannel) async throws {
        let maxBytes = settings.syslogMaxMessageBytes
        let sdID = settings.syslogIdentitySDID
        do {
            try await channel.executeThenClose { inbound in
                for try await envelope in inbound {
                    let view = envelope.data.readableBytesView
                    let truncated = view.count > maxBytes
                    let entry = SyslogEntry.make(bytes: view.prefix(maxBytes), truncated: truncated,
                                                 peer: envelope.remoteAddress.ipAddress ?? "", identitySDID: sdID,
                                                 imageRules: settings.syslogImageRules, receivedAt: .now())
                    await add(entry, truncated: truncated)
                }
            }
        } catch {
            logger.debug("syslog UDP listener ended", metadata: ["error": "\(error)"])
        }
        unregister(channel.channel)
    }
}
