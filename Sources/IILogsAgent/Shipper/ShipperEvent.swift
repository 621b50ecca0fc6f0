import IILogsCore
import NIOCore

/// Everything the shipper's loop reacts to. Connection events carry the connection's number so
/// late events of a closed connection are ignored.
enum ShipperEvent: Sendable {
    case ready(connection: Int, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>)
    case message(connection: Int, WireMessage)
    case closed(connection: Int, (any Error)?)
    case entriesAppended
    /// The timer fired at this instant. Deadlines are checked against it, not against when the loop gets to
    /// the event: every ack that arrived before it is ahead of it in the stream, so a busy loop cannot mistake
    /// queued acks for missing ones.
    case tick(at: ContinuousClock.Instant)
    case backoffElapsed
    case gracefulShutdown
    case drainDeadline
}
