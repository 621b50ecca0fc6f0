public import IILogsCore

extension AgentSettings {
    /// The start-up warning when the agent would ship in the clear beyond loopback; nil with TLS or on loopback.
    public var plainTextWarning: String? {
        guard tls == nil, !HostAndPort(host: collectorHost, port: collectorPort).isLoopback else { return nil }
        return "shipping to \(HostAndPort(host: collectorHost, port: collectorPort)) over plain TCP, not loopback: the token and logs cross the network unencrypted; use --tls"
    }
}
