/// Which connection limit a new agent connection is over; it is refused with `too_many_connections`.
public enum ConnectionLimitExceeded: Sendable, Hashable {
    /// The collector already serves `maxConnections` agents.
    case total(limit: Int)
    /// This source address already has `maxConnectionsPerAddress` open.
    case perAddress(limit: Int, address: String)

    /// The refusal's message, naming the setting.
    public var message: String {
        switch self {
        case .total(let limit): "collector already serves \(limit) connections (maxConnections)"
        case .perAddress(let limit, let address): "\(address) already has \(limit) open connections (maxConnectionsPerAddress)"
        }
    }
}
