import IILogsCore
import Logging

extension ShipperLoop {
    /// Logs and counts a connection given up because the collector did not answer within the ack timeout.
    /// The state machine has already moved to `disconnected`; the caller closes and backs off.
    func reportTimeout(_ awaited: ShipperStateMachine.Awaited) {
        shipper.counters.update {
            $0.ackTimeouts += 1
            $0.connectionFailures += 1
        }
        var metadata: Logger.Metadata = ["ack_timeout": "\(DurationParser.format(shipper.options.ackTimeout))"]
        let message: Logger.Message
        switch awaited {
        case .welcome:
            message = "no welcome from the collector within shipper.ackTimeout after hello; closing the connection and reconnecting"
        case .acknowledgement(let oldest):
            metadata["oldest_unacknowledged"] = "\(oldest)"
            message = "no acknowledgement from the collector within shipper.ackTimeout; closing the connection, reconnecting and resending the unacknowledged batches"
        case .write(let oldest):
            if let oldest { metadata["oldest_unacknowledged"] = "\(oldest)" }
            message = "the connection to the collector took no bytes within shipper.ackTimeout; closing it, reconnecting and resending the unacknowledged batches"
        }
        logger.warning(message, metadata: metadata)
    }
}
