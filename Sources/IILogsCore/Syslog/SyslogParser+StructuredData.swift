// RFC 5424 STRUCTURED-DATA: "-" or 1*( "[" SD-ID *(SP PARAM-NAME "=" DQUOTE PARAM-VALUE DQUOTE) "]" ).

extension SyslogParser {
    static func parseStructuredData(_ s: inout SyslogScanner) throws(SyslogParseError) -> [SyslogMessage.StructuredDataElement] {
        if s.peek == UInt8(ascii: "-") {
            s.advance()
            return []
        }
        guard s.peek == UInt8(ascii: "[") else { throw s.error("STRUCTURED-DATA", "must be - or start with [") }
        var elements: [SyslogMessage.StructuredDataElement] = []
        while s.consume(UInt8(ascii: "[")) {
            let id = try sdName(&s, "SD-ID")
            var parameters: [LogField] = []
            while s.consume(SyslogScanner.space) {
                let name = try sdName(&s, "PARAM-NAME (in \(id))")  // autoclosure: built only for an error
                guard s.consume(UInt8(ascii: "=")) else { throw s.error("SD-PARAM \(id).\(name)", "expected =") }
                guard s.consume(UInt8(ascii: "\"")) else { throw s.error("SD-PARAM \(id).\(name)", "expected an opening quote") }
                parameters.append(LogField(name, try paramValue(&s, "\(id).\(name)")))
            }
            guard s.consume(UInt8(ascii: "]")) else {
                throw s.error("SD-ELEMENT \(id)", s.isAtEnd ? "is not closed with ]" : "expected a space or ]")
            }
            elements.append(.init(id: id, parameters: parameters))
        }
        return elements
    }

    /// SD-ID or PARAM-NAME: 1–32 printable US-ASCII except `=`, space, `]`, `"`.
    static func sdName(_ s: inout SyslogScanner, _ field: @autoclosure () -> String) throws(SyslogParseError) -> String {
        let start = s.index
        let range = s.consume { SyslogScanner.isPrintable($0) && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "\"") }
        guard !range.isEmpty else { throw SyslogParseError(field: field(), problem: "is empty", byteOffset: start) }
        guard range.count <= maxSDNameBytes else {
            throw SyslogParseError(field: field(), problem: "length \(range.count) exceeds \(maxSDNameBytes)", byteOffset: start)
        }
        return s.text(range)
    }

    /// PARAM-VALUE up to the closing quote; `\"`, `\\` and `\]` are unescaped, any other backslash is kept.
    static func paramValue(_ s: inout SyslogScanner, _ field: @autoclosure () -> String) throws(SyslogParseError) -> String {
        // Most values hold no backslash: one scan to the quote and one String.
        let start = s.index
        let plain = s.consume { $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        if s.peek == UInt8(ascii: "\"") {
            s.advance()
            return s.text(plain)
        }
        var value = Array(s.bytes[start..<s.index])
        while let b = s.peek {
            s.advance()
            switch b {
            case UInt8(ascii: "\""):
                return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\"):
                if let next = s.peek, next == UInt8(ascii: "\"") || next == UInt8(ascii: "\\") || next == UInt8(ascii: "]") {
                    value.append(next)
                    s.advance()
                } else {
                    value.append(b)
                }
            default:
                value.append(b)
            }
        }
        throw s.error("SD-PARAM \(field())", "value is not closed with a quote")
    }
}
