public import IILogsCore

/// One journal entry as `journalctl -o json` prints it (one JSON object per line), mapped to a ``LogRecord``.
///
/// Mapping (pure, no I/O):
/// - time: `__REALTIME_TIMESTAMP` (microseconds since the epoch, required);
/// - severity: `PRIORITY` 0–7 (missing or invalid: `info`, journald's default for stdout);
/// - facility: `SYSLOG_FACILITY` 0–23 (else 3, `daemon`); hostname: `_HOSTNAME`;
/// - app: `SYSLOG_IDENTIFIER`, else `_COMM`, else the unit; procID: `SYSLOG_PID`, else `_PID`;
/// - message: `MESSAGE` — a string, or an array of byte values when the journal holds it as binary
///   (not valid UTF-8, or with control characters): decoded as UTF-8, invalid sequences as U+FFFD; a field
///   repeated in one entry (an array of values) keeps its first value. A trailing LF is removed; longer
///   than `maxMessageBytes` is cut and marked `truncated=true`;
/// - fields: ``keptFields`` present in the entry, under their journal names.
///
/// The cursor (`__CURSOR`, required) is the resume position: `journalctl --after-cursor=…`.
public struct JournaldEntry: Sendable, Hashable {
    public var cursor: String
    public var record: LogRecord

    /// Journal fields copied onto the record as fields.
    public static let keptFields = ["_SYSTEMD_UNIT", "_SYSTEMD_USER_UNIT", "_COMM", "_EXE", "_TRANSPORT"]
    /// Severity of entries without a valid `PRIORITY`.
    public static let defaultSeverity = Severity.info
    /// Facility of entries without a valid `SYSLOG_FACILITY` (`daemon`).
    public static let defaultFacility: UInt8 = 3
    /// Field set to `true` on a message cut at the limit.
    public static let truncatedField = "truncated"

    public init(cursor: String, record: LogRecord) {
        self.cursor = cursor
        self.record = record
    }

    /// Parses one output line of `journalctl -o json`; total: any bytes yield an entry or a typed error.
    public static func parse(_ line: some Collection<UInt8>, maxMessageBytes: Int = 64 << 10) throws(JournaldEntryError) -> JournaldEntry {
        let document: JSONValue
        do {
            document = try JSONReader.parse(line)
        } catch {
            throw JournaldEntryError(field: "entry", problem: "is not a JSON object of journal fields (\(error))")
        }
        guard let members = document.objectValue?.members else {
            throw JournaldEntryError(field: "entry", problem: "is not a JSON object of journal fields")
        }
        var object: [String: JournalValue] = [:]
        object.reserveCapacity(members.count)
        for member in members {
            guard let value = JournalValue(member.value) else {
                throw JournaldEntryError(field: member.key, problem: "is not a string, an array of byte values, an array of those, or null")
            }
            object[member.key] = value
        }
        guard let cursor = object["__CURSOR"]?.text, !cursor.isEmpty else {
            throw JournaldEntryError(field: "__CURSOR", problem: "is missing")
        }
        guard let realtime = object["__REALTIME_TIMESTAMP"]?.text, let micros = Int64(realtime), micros >= 0,
              micros <= Int64.max / 1_000 else {
            throw JournaldEntryError(field: "__REALTIME_TIMESTAMP", problem: "is missing or not microseconds since the epoch")
        }
        let severity = object["PRIORITY"]?.text.flatMap(UInt8.init).flatMap(Severity.init(rawValue:)) ?? defaultSeverity
        let facility = object["SYSLOG_FACILITY"]?.text.flatMap(UInt8.init).flatMap { $0 <= 23 ? $0 : nil } ?? defaultFacility
        let app = object["SYSLOG_IDENTIFIER"]?.text ?? object["_COMM"]?.text ?? object["_SYSTEMD_UNIT"]?.text ?? ""
        let procID = object["SYSLOG_PID"]?.text ?? object["_PID"]?.text ?? ""
        var messageBytes = object["MESSAGE"]?.bytes ?? []
        while let last = messageBytes.last, last == 0x0A || last == 0x0D { messageBytes.removeLast() }
        var fields = keptFields.compactMap { name in object[name]?.text.map { LogField(name, $0) } }
        if messageBytes.count > maxMessageBytes {
            messageBytes = Array(messageBytes.prefix(max(0, maxMessageBytes)))
            fields.append(LogField(truncatedField, "true"))
        }
        let record = LogRecord(time: Timestamp(nanosecondsSinceEpoch: micros * 1_000), severity: severity, facility: facility,
                               hostname: object["_HOSTNAME"]?.text ?? "", app: app, procID: procID,
                               message: String(decoding: messageBytes, as: UTF8.self), fields: fields)
        return JournaldEntry(cursor: cursor, record: record)
    }
}

/// A line of `journalctl -o json` output that is not a usable journal entry.
public struct JournaldEntryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }
    public var description: String { "journal entry: \(field) \(problem)" }
}

/// A field value in `journalctl -o json`: a string, an array of byte values (binary data), an array of
/// either (the field repeated in one entry), or null (a field too large for journalctl to print).
enum JournalValue: Sendable {
    case text(String)
    case binary([UInt8])
    case repeated([JournalValue])
    case null

    /// The journal value a JSON value holds; nil for a number, a boolean or an object, which
    /// journalctl never prints.
    init?(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .string(let text): self = .text(text)
        case .array(let elements):
            var bytes: [UInt8] = []
            bytes.reserveCapacity(elements.count)
            for element in elements {
                guard let byte = element.integer(UInt8.self) else { break }
                bytes.append(byte)
            }
            if bytes.count == elements.count {
                self = .binary(bytes)
            } else {
                var values: [JournalValue] = []
                for element in elements {
                    guard let value = JournalValue(element) else { return nil }
                    values.append(value)
                }
                self = .repeated(values)
            }
        case .number, .bool, .object: return nil
        }
    }

    /// The value as text (binary decoded as UTF-8, the first of repeated values); nil for null.
    var text: String? {
        bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The value's bytes (the first of repeated values); nil for null.
    var bytes: [UInt8]? {
        switch self {
        case .text(let text): Array(text.utf8)
        case .binary(let bytes): bytes
        case .repeated(let values): values.lazy.compactMap(\.bytes).first
        case .null: nil
        }
    }
}
