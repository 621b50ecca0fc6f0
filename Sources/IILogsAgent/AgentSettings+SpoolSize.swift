extension AgentSettings {
    /// Sets `spool.maxBytes` and keeps the sizes that depend on it valid: a segment is at most an eighth of
    /// the spool (never below ``minimumSegmentBytes``), so a full spool drops its oldest eighth rather than
    /// everything, and a batch is at most one segment. Larger spools keep the default sizes.
    public mutating func setSpoolMaxBytes(_ bytes: Int) {
        spoolMaxBytes = bytes
        spoolSegmentBytes = min(spoolSegmentBytes, max(Self.minimumSegmentBytes, bytes / 8))
        batchMaxBytes = min(batchMaxBytes, spoolSegmentBytes)
    }
}
