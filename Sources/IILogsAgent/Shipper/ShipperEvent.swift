import IILogsCore
import NIOCore

/// Everything the shipper's loop reacts to. Connection events carry the connection's number so
/// late events of a closed connection are ignored.
enum ShipperEvent: Sendable {
    case ready(connection: Int, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>)
    case message(connection: Int, WireMessage)
    case closed(connection: Int, (any Error)?)
    case entriesAppended
    case tick
    case backoffElapsed
    case gracefulShutdown
    case drainDeadline
}
