public import IILogsCore

/// One received plain-syslog message as the collector stores it: who sent it and the record.
public struct SyslogEntry: Sendable, Hashable {
    public var identity: InstanceIdentity
    public var record: LogRecord
    /// True when the bytes were not a syslog message (stored raw with field `syslog_error`).
    public var parseFailed: Bool

    public init(identity: InstanceIdentity, record: LogRecord, parseFailed: Bool) {
        self.identity = identity
        self.record = record
        self.parseFailed = parseFailed
    }

    /// Image version recorded when the sender did not name one.
    public static let unknownImage = "unknown"
    /// Field naming the parser's complaint on a message that did not parse.
    public static let parseErrorField = "syslog_error"
    /// Field set to `true` on a message cut at the size limit.
    public static let truncatedField = "truncated"

    /// Parses `bytes` and resolves the sender: never fails, an unparseable message is kept raw.
    ///
    /// - Parameters:
    ///   - truncated: the framing cut this message at the limit; the record gets `truncated=true`.
    ///   - peer: the sender's IP address, the instance ID of last resort.
    ///   - identitySDID: SD-ID of the element carrying `instance`/`image` (``CollectorSettings/syslogIdentitySDID``).
    ///   - imageRules: hostname pattern → image, for senders without that element (``CollectorSettings/syslogImageRules``).
    public static func make(bytes: some Collection<UInt8>, truncated: Bool, peer: String, identitySDID: String,
                            imageRules: [SyslogImageRule] = [], receivedAt: Timestamp) -> SyslogEntry {
        var entry: SyslogEntry
        switch SyslogParser.parse(bytes, receivedAt: receivedAt) {
        case .success(let message):
            let identity = SyslogIdentityResolver.identity(of: message, sdID: identitySDID, peer: peer, imageRules: imageRules)
            let record = message.logRecord(receivedAt: receivedAt, omittingElement: identitySDID)
            entry = SyslogEntry(identity: identity, record: record, parseFailed: false)
        case .failure(let error):
            let record = LogRecord(time: receivedAt, severity: .notice, message: String(decoding: bytes, as: UTF8.self),
                                   fields: [LogField(parseErrorField, error.description)])
            entry = SyslogEntry(identity: SyslogIdentityResolver.fallback(peer: peer), record: record, parseFailed: true)
        }
        if truncated { entry.record.fields.append(LogField(truncatedField, "true")) }
        return entry
    }
}
