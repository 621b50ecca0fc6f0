public import IILogsCore

extension AgentSettings {
    /// Smallest spool accepted.
    public static let minimumSpoolBytes = 1 << 20
    /// Smallest segment accepted.
    public static let minimumSegmentBytes = 64 << 10
    /// Shortest and longest `shipper.ackTimeout`: below a second a busy collector's fsync looks like a dead link;
    /// above ten minutes TCP itself usually gives up first.
    public static let ackTimeoutRange: ClosedRange<Duration> = .seconds(1) ... .seconds(600)
    /// Longest unix socket path (sun_path holds 108 bytes with the terminator).
    public static let maximumSocketPathBytes = 107

    /// Checks every setting; the error names the key: "spool.maxBytes must be at least 1MiB, got 10KiB".
    public func validate() throws(SettingsError) {
        func fail(_ key: String, _ problem: String) -> SettingsError { SettingsError(key: key, problem: problem) }
        if collectorHost.isEmpty { throw fail("collector", "host must not be empty") }
        if !(1...65_535).contains(collectorPort) { throw fail("collector", "port must be 1–65535, got \(collectorPort)") }
        do { try identity.validate() } catch { throw fail("identity.\(error.field)", error.problem) }
        if spoolDirectory.isEmpty { throw fail("spool.directory", "must not be empty") }
        if spoolMaxBytes < Self.minimumSpoolBytes {
            throw fail("spool.maxBytes", "must be at least \(Self.bytes(Self.minimumSpoolBytes)), got \(Self.bytes(spoolMaxBytes))")
        }
        if spoolSegmentBytes < Self.minimumSegmentBytes || spoolSegmentBytes > spoolMaxBytes / 2 {
            throw fail("spool.segmentBytes", "must be between \(Self.bytes(Self.minimumSegmentBytes)) and half of spool.maxBytes (\(Self.bytes(spoolMaxBytes / 2))), got \(Self.bytes(spoolSegmentBytes))")
        }
        if !(1...1_000_000).contains(batchMaxLines) { throw fail("batch.maxLines", "must be 1–1000000, got \(batchMaxLines)") }
        if batchMaxBytes < 1024 || batchMaxBytes > spoolSegmentBytes {
            throw fail("batch.maxBytes", "must be between 1KiB and spool.segmentBytes (\(Self.bytes(spoolSegmentBytes))), got \(Self.bytes(batchMaxBytes))")
        }
        if flushInterval < .milliseconds(10) || flushInterval > .seconds(60) { throw fail("batch.flushInterval", "must be 10ms–60s, got \(flushInterval)") }
        if !(1...9).contains(compressionLevel) { throw fail("batch.compressionLevel", "must be 1–9, got \(compressionLevel)") }
        if heartbeatInterval < .seconds(1) { throw fail("heartbeat.interval", "must be at least 1s, got \(heartbeatInterval)") }
        if drainDeadline < .zero || drainDeadline > .seconds(600) { throw fail("drain.deadline", "must be 0s–600s, got \(drainDeadline)") }
        if reconnectMinBackoff <= .zero { throw fail("reconnect.minBackoff", "must be positive, got \(reconnectMinBackoff)") }
        if reconnectMaxBackoff < reconnectMinBackoff {
            throw fail("reconnect.maxBackoff", "must be at least reconnect.minBackoff (\(reconnectMinBackoff)), got \(reconnectMaxBackoff)")
        }
        if !(1...1024).contains(maxInFlight) { throw fail("shipper.maxInFlight", "must be 1–1024, got \(maxInFlight)") }
        if pingInterval < .seconds(1) { throw fail("shipper.pingInterval", "must be at least 1s, got \(pingInterval)") }
        if !Self.ackTimeoutRange.contains(ackTimeout) {
            throw fail("shipper.ackTimeout", "must be 1s–600s, got \(DurationParser.format(ackTimeout))")
        }
        for (key, value) in [("syslog.udp", syslogUDP), ("syslog.tcp", syslogTCP)] {
            if let value, HostAndPort(parsing: value) == nil { throw fail(key, "must be HOST:PORT, got \"\(value)\"") }
        }
        try metrics.validate()
        try interruption.validate()
        try tls?.validate()
        if effectiveControlSocketPath.utf8.count > Self.maximumSocketPathBytes {
            throw fail("control.socket", "path is \(effectiveControlSocketPath.utf8.count) bytes; mustn't exceed \(Self.maximumSocketPathBytes)")
        }
    }

    /// `10KiB`, `256MiB`, or plain bytes.
    static func bytes(_ count: Int) -> String {
        if count >= 1 << 20, count % (1 << 20) == 0 { return "\(count >> 20)MiB" }
        if count >= 1 << 10, count % (1 << 10) == 0 { return "\(count >> 10)KiB" }
        return "\(count)B"
    }
}
