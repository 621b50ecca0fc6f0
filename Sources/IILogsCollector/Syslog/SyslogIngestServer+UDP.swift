import IILogsCore
import Logging
import NIOCore
import NIOPosix

extension SyslogIngestServer {
    typealias UDPChannel = NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, Never>

    /// UDP receive buffer: one byte over the limit, so an over-long datagram is seen as such (the kernel cuts the rest).
    static func udpReceiveBufferBytes(maxMessageBytes: Int) -> Int { maxMessageBytes + 1 }

    func bindUDP(closingOnFailure others: [any Channel]) async throws -> UDPChannel? {
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
            for other in others { try? await other.close() }
            let failure = IngestServerError(message: "cannot listen for syslog over UDP on \(listen): \(error)")
            failUDP(failure)
            throw failure
        }
    }

    func receiveUDP(_ channel: UDPChannel) async throws {
        let maxBytes = settings.syslogMaxMessageBytes
        let sdID = settings.syslogIdentitySDID
        var drops = SyslogDropLog(interval: Self.dropLogInterval)
        do {
            try await channel.executeThenClose { inbound in
                for try await envelope in inbound {
                    let peer = envelope.remoteAddress.ipAddress ?? ""
                    if let rateLimiter, !rateLimiter.admits(key: peer, records: 1, now: Self.monotonicSeconds()) {
                        counters.refused(reason: Self.udpRateLimitReason)
                        if let report = drops.dropped(sender: peer, at: .now) { logDrops(report) }
                        continue
                    }
                    let view = envelope.data.readableBytesView
                    let truncated = view.count > maxBytes
                    let entry = SyslogEntry.make(bytes: view.prefix(maxBytes), truncated: truncated,
                                                 peer: peer, identitySDID: sdID,
                                                 imageRules: settings.syslogImageRules, receivedAt: .now())
                    await add(entry, truncated: truncated)
                }
            }
        } catch {
            logger.debug("syslog UDP listener ended", metadata: ["error": "\(error)"])
        }
        if let report = drops.flush() { logDrops(report) }
        unregister(channel.channel)
    }

    private func logDrops(_ report: SyslogDropLog.Report) {
        let limit = settings.syslogMaxRecordsPerSecondPerSender ?? 0
        logger.warning("syslog UDP datagrams dropped: sender over syslogMaxRecordsPerSecondPerSender \(limit)", metadata: [
            "reason": "\(Self.udpRateLimitReason)", "dropped": "\(report.dropped)",
            "senders": "\(report.senders.sorted().joined(separator: ","))", "more_senders": "\(report.moreSenders)",
        ])
    }
}
