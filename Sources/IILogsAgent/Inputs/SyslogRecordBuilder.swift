import IILogsCore

/// Turns one received syslog message into a record, counting what it sees.
///
/// A message that parses becomes `SyslogMessage.logRecord(receivedAt:)`. One that does not is kept:
/// its raw text (invalid UTF-8 replaced with U+FFFD) becomes the message, severity `notice`,
/// facility `user`, with the parser's complaint in the field `syslog_error`. A message longer than
/// `maxMessageBytes` is cut there first and gets the field `truncated=true`.
struct SyslogRecordBuilder: Sendable {
    let maxMessageBytes: Int
    let stats: SyslogInputStats

    func record(from bytes: some Collection<UInt8>, receivedAt: Timestamp, alreadyTruncated: Bool = false) -> LogRecord {
        let truncated = alreadyTruncated || bytes.count > maxMessageBytes
        let kept = bytes.prefix(maxMessageBytes)
        stats.update {
            $0.received += 1
            if truncated { $0.truncated += 1 }
        }
        var record: LogRecord
        switch SyslogParser.parse(kept, receivedAt: receivedAt) {
        case .success(let message):
            record = message.logRecord(receivedAt: receivedAt)
        case .failure(let error):
            stats.update { $0.parseErrors += 1 }
            var raw = Array(kept)
            while let last = raw.last, last == 0x0A || last == 0x0D || last == 0x00 { raw.removeLast() }
            record = LogRecord(time: receivedAt, severity: .notice, facility: SyslogParser.defaultFacility,
                               message: String(decoding: raw, as: UTF8.self),
                               fields: [LogField("syslog_error", error.description)])
        }
        if truncated { record.fields.append(LogField("truncated", "true")) }
        return record
    }
}
