/// Parses syslog messages: RFC 5424, RFC 3164 (BSD), and lines with no PRI at all.
///
/// Format detection: after `<PRI>`, one to three digits followed by a space and then a digit or `-`
/// start an RFC 5424 header (`<34>1 2003-…`); anything else is RFC 3164. A line without a valid
/// `<PRI>` (0–191) is kept whole as a `user.notice` message, as an RFC 3164 relay would.
///
/// Text: MSG and structured-data values may hold invalid UTF-8; each invalid sequence becomes
/// U+FFFD (the replacement character) rather than the message being dropped. Trailing LF, CR and
/// NUL bytes are removed from MSG. The parser is total: any bytes yield a message or a
/// ``SyslogParseError`` naming the field.
public enum SyslogParser {
    /// `user` facility, used for lines without a PRI.
    public static let defaultFacility: UInt8 = 1
    /// `notice` severity, used for lines without a PRI.
    public static let defaultSeverity = Severity.notice
    /// Largest PRI value (facility 23, severity 7).
    public static let maxPRI = 191
    /// Longest HOSTNAME, APP-NAME (TAG), PROCID or MSGID accepted. RFC 5424 allows 255/48/128/32;
    /// real senders exceed the smaller ones, so every header field gets the largest.
    public static let maxHeaderFieldBytes = 255
    /// Longest SD-ID or PARAM-NAME (RFC 5424: 32).
    public static let maxSDNameBytes = 32

    /// Total: any bytes yield a message or a typed error. `receivedAt` fills a missing timestamp
    /// and the year of RFC 3164 timestamps.
    public static func parse(_ bytes: some Collection<UInt8>, receivedAt: Timestamp) -> Result<SyslogMessage, SyslogParseError> {
        var scanner = SyslogScanner(Array(bytes))
        guard !scanner.bytes.isEmpty else {
            return .failure(SyslogParseError(field: "message", problem: "is empty", byteOffset: 0))
        }
        guard let pri = parsePRI(&scanner) else {
            scanner.index = 0
            return .success(SyslogMessage(format: .rfc3164, facility: defaultFacility, severity: defaultSeverity, timestamp: nil,
                                          hostname: "", appName: "", procID: "", msgID: "", structuredData: [],
                                          message: trimmedMessage(scanner, from: 0)))
        }
        let facility = UInt8(pri / 8)
        let severity = Severity(rawValue: UInt8(pri % 8)) ?? defaultSeverity
        do {
            if looksLikeRFC5424(scanner) {
                return .success(try parseRFC5424(&scanner, facility: facility, severity: severity))
            }
            return .success(parseRFC3164(&scanner, facility: facility, severity: severity, receivedAt: receivedAt))
        } catch {
            return .failure(error)
        }
    }

    /// `<` 1–3 digits `>` with a value ≤ ``maxPRI``; nil (nothing consumed) otherwise.
    static func parsePRI(_ scanner: inout SyslogScanner) -> Int? {
        guard scanner.peek == UInt8(ascii: "<") else { return nil }
        var value = 0
        var digits = 0
        var i = 1
        while let b = scanner.peek(at: i), SyslogScanner.isDigit(b) {
            digits += 1
            guard digits <= 3 else { return nil }
            value = value * 10 + Int(b - 0x30)
            i += 1
        }
        guard digits > 0, scanner.peek(at: i) == UInt8(ascii: ">"), value <= maxPRI else { return nil }
        scanner.advance(i + 1)
        return value
    }

    /// VERSION (1–3 digits) SP, then a timestamp's first byte (digit or `-`).
    static func looksLikeRFC5424(_ scanner: SyslogScanner) -> Bool {
        var i = 0
        while let b = scanner.peek(at: i), SyslogScanner.isDigit(b), i < 3 { i += 1 }
        guard i > 0, scanner.peek(at: i) == SyslogScanner.space, let next = scanner.peek(at: i + 1) else { return false }
        return SyslogScanner.isDigit(next) || next == UInt8(ascii: "-")
    }

    /// `start`, or just after a UTF-8 byte order mark found there (RFC 5424 §6.4 marks UTF-8 MSG with one).
    static func afterBOM(_ scanner: SyslogScanner, _ start: Int) -> Int {
        guard scanner.bytes.count - start >= 3, Array(scanner.bytes[start..<(start + 3)]) == utf8BOM else { return start }
        return start + 3
    }

    /// The bytes from `start` to the end, less trailing LF/CR/NUL, as text (bad UTF-8 → U+FFFD).
    static func trimmedMessage(_ scanner: SyslogScanner, from start: Int) -> String {
        var end = scanner.bytes.count
        while end > start, [0x0A, 0x0D, 0x00].contains(scanner.bytes[end - 1]) { end -= 1 }
        return start < end ? scanner.text(start..<end) : ""
    }
}
