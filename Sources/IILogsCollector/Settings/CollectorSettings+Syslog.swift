import IILogsCore

extension CollectorSettings {
    /// Start-up warnings for plain-syslog listeners bound beyond loopback: their lines cross the network in
    /// the clear and anyone who reaches them can write under any instance name; empty on loopback.
    public var syslogPlainTextWarnings: [String] {
        var warnings: [String] = []
        if let syslogTCPListen, !syslogTCPListen.isLoopback {
            warnings.append("plain-syslog TCP listener on \(syslogTCPListen), not loopback: lines cross the network unencrypted and unauthenticated; prefer --syslog-tls")
        }
        if let syslogUDPListen, !syslogUDPListen.isLoopback {
            warnings.append("plain-syslog UDP listener on \(syslogUDPListen), not loopback: lines cross the network unencrypted and unauthenticated; prefer --syslog-tls")
        }
        return warnings
    }

    /// The syslog listeners' TLS needs and rate limit; the error names the key.
    func validateSyslogTLSAndLimits() throws(SettingsError) {
        if let syslogTLSListen, tls == nil {
            throw SettingsError(key: "syslogTLSListen",
                                problem: "(\(syslogTLSListen)) needs a certificate: set --tls-cert-file and --tls-key-file")
        }
        if let limit = syslogMaxRecordsPerSecondPerSender, limit < 1 {
            throw SettingsError(key: "syslogMaxRecordsPerSecondPerSender", problem: "must be at least 1 (or off), got \(limit)")
        }
        if syslogRecordsBurst < .zero || syslogRecordsBurst > .seconds(600) {
            throw SettingsError(key: "syslogRecordsBurst", problem: "must be 0s–10m, got \(DurationParser.format(syslogRecordsBurst))")
        }
    }
}
