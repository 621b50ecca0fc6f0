import IILogsCore

extension CollectorSettings {
    /// Start-up warnings for listeners that would carry tokens and logs in the clear beyond loopback
    /// (plain TCP stays fine on loopback and in tests); empty with TLS or on loopback.
    public var plainTextWarnings: [String] {
        guard tls == nil else { return [] }
        var warnings: [String] = []
        if !agentListen.isLoopback {
            warnings.append("agent listener is plain TCP on \(agentListen), not loopback: tokens and logs cross the network unencrypted; set --tls-cert-file and --tls-key-file")
        }
        if !httpListen.isLoopback {
            warnings.append("HTTP API is plain HTTP on \(httpListen), not loopback: tokens and logs cross the network unencrypted; set --tls-cert-file and --tls-key-file")
        }
        return warnings
    }
}
