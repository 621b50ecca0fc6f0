import IILogsCore
import Logging
import NIOCore
import ServiceLifecycle

/// Reads datagrams (unix or UDP) from a bound channel: one datagram is one syslog message.
struct SyslogDatagramReceiver: Sendable {
    typealias DatagramChannel = NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>

    let builder: SyslogRecordBuilder
    let sink: any RecordSink

    /// The receive buffer: one byte more than the limit, so a datagram that fills it is known to be over it
    /// (the kernel cuts longer datagrams to the buffer size).
    static func receiveBufferBytes(maxMessageBytes: Int) -> Int { maxMessageBytes + 1 }

    /// Receives until the channel closes, or until cancellation or graceful shutdown close it.
    func receive(on channel: DatagramChannel) async throws {
        try await withTaskCancellationOrGracefulShutdownHandler {
            try await channel.executeThenClose { inbound, _ in
                for try await envelope in inbound {
                    let record = builder.record(from: envelope.data.readableBytesView, receivedAt: .now())
                    await sink.submit(.log(record), checkpoint: nil)
                }
            }
        } onCancelOrGracefulShutdown: {
            channel.channel.close(promise: nil)
        }
    }
}
