// RFC 5424: <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]

extension SyslogParser {
    /// The only RFC 5424 VERSION there is.
    static let rfc5424Version = 1
    static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

    static func parseRFC5424(_ s: inout SyslogScanner, facility: UInt8, severity: Severity) throws(SyslogParseError) -> SyslogMessage {
        let versionRange = s.consume(while: SyslogScanner.isDigit)
        guard s.text(versionRange) == String(rfc5424Version) else {
            throw SyslogParseError(field: "VERSION", problem: "\(s.text(versionRange)) is not supported (only 1)", byteOffset: versionRange.lowerBound)
        }
        try expectSpace(&s, after: "VERSION")
        let timestamp = try headerTimestamp(&s)
        try expectSpace(&s, after: "TIMESTAMP")
        let hostname = try headerField(&s, "HOSTNAME")
        try expectSpace(&s, after: "HOSTNAME")
        let appName = try headerField(&s, "APP-NAME")
        try expectSpace(&s, after: "APP-NAME")
        let procID = try headerField(&s, "PROCID")
        try expectSpace(&s, after: "PROCID")
        let msgID = try headerField(&s, "MSGID")
        // STRUCTURED-DATA is required by the RFC; tolerate a header that ends right after MSGID.
        var structuredData: [SyslogMessage.StructuredDataElement] = []
        if s.consume(SyslogScanner.space) {
            structuredData = try parseStructuredData(&s)
        }
        var message = ""
        if s.consume(SyslogScanner.space) {
            message = trimmedMessage(s, from: afterBOM(s, s.index))
        } else if !s.isAtEnd && !s.bytes[s.index...].allSatisfy({ [0x0A, 0x0D, 0x00].contains($0) }) {
            throw s.error("STRUCTURED-DATA", "must be followed by a space before MSG")
        }
        return SyslogMessage(format: .rfc5424, facility: facility, severity: severity, timestamp: timestamp, hostname: hostname,
                             appName: appName, procID: procID, msgID: msgID, structuredData: structuredData, message: message)
    }

    static func expectSpace(_ s: inout SyslogScanner, after field: String) throws(SyslogParseError) {
        guard s.consume(SyslogScanner.space) else {
            throw s.error(field, s.isAtEnd ? "message ends after it" : "must be followed by a single space")
        }
    }

    /// `-` (nil) or an RFC 3339 timestamp with optional fraction and a `Z` or `±hh:mm` offset.
    static func headerTimestamp(_ s: inout SyslogScanner) throws(SyslogParseError) -> Timestamp? {
        let start = s.index
        let range = s.consume { $0 != SyslogScanner.space }
        if range.count == 1 && s.bytes[range.lowerBound] == UInt8(ascii: "-") { return nil }
        guard let time = s.bytes[range].withUnsafeBufferPointer({ RFC3339.parse(utf8: $0) }) else {
            throw SyslogParseError(field: "TIMESTAMP", problem: "\"\(s.text(range).prefix(40))\" is not an RFC 3339 timestamp", byteOffset: start)
        }
        return time
    }

    /// `-` (empty) or 1…``maxHeaderFieldBytes`` printable US-ASCII bytes.
    static func headerField(_ s: inout SyslogScanner, _ field: String) throws(SyslogParseError) -> String {
        let start = s.index
        let range = s.consume { $0 != SyslogScanner.space }
        guard !range.isEmpty else { throw SyslogParseError(field: field, problem: "is empty (use - for none)", byteOffset: start) }
        guard range.count <= maxHeaderFieldBytes else {
            throw SyslogParseError(field: field, problem: "length \(range.count) exceeds \(maxHeaderFieldBytes)", byteOffset: start)
        }
        if let bad = s.bytes[range].firstIndex(where: { !SyslogScanner.isPrintable($0) }) {
            throw SyslogParseError(field: field, problem: "byte 0x\(String(s.bytes[bad], radix: 16)) is not printable US-ASCII", byteOffset: bad)
        }
        if range.count == 1 && s.bytes[range.lowerBound] == UInt8(ascii: "-") { return "" }
        return s.text(range)
    }
}
