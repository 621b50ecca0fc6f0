/// A strict RFC 8259 JSON reader over bytes, for the few small documents the agent reads (cloud-init
/// instance data, `journalctl -o json` lines, a metadata endpoint's reply).
///
/// It exists so the agent does not link Foundation's JSON coders, which with their dependencies were
/// about a fifth of the static agent's size (ADR 011). Total: any bytes give a value or a
/// ``JSONReadError`` that names the byte offset. Strict where RFC 8259 is: UTF-8 only, no control
/// characters in strings, no unpaired surrogate escapes, no trailing commas, no leading zeros, nothing
/// after the value but whitespace.
public enum JSONReader {
    /// Deepest nesting of arrays and objects accepted by default; deeper input is refused, so a
    /// hostile document cannot exhaust the stack.
    public static let defaultMaxDepth = 64

    /// Reads one JSON document (any value at the top level, with optional surrounding whitespace).
    public static func parse(_ bytes: some Collection<UInt8>, maxDepth: Int = defaultMaxDepth) throws(JSONReadError) -> JSONValue {
        let contiguous = Array(bytes)
        return try contiguous.withUnsafeBufferPointer { buffer throws(JSONReadError) in
            var parser = Parser(bytes: buffer, maxDepth: maxDepth)
            parser.skipWhitespace()
            let value = try parser.value(depth: 0)
            parser.skipWhitespace()
            if parser.index != buffer.count { throw parser.error("unexpected \(parser.describeCurrent()) after the value") }
            return value
        }
    }
}

/// Why bytes are not a JSON document, and where.
public struct JSONReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Byte offset of the problem from the start of the document.
    public var offset: Int
    public var problem: String

    public init(offset: Int, problem: String) {
        self.offset = offset
        self.problem = problem
    }

    public var description: String { "JSON at byte \(offset): \(problem)" }
}

private struct Parser {
    let bytes: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    func error(_ problem: String, at offset: Int? = nil) -> JSONReadError {
        JSONReadError(offset: offset ?? index, problem: problem)
    }

    func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    mutating func value(depth: Int) throws(JSONReadError) -> JSONValue {
        guard index < bytes.count else { throw error("expected a value, found end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return .object(try object(depth: depth + 1))
        case UInt8(ascii: "["): return .array(try array(depth: depth + 1))
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value, found \(describeCurrent())")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONReadError) {
        let start = index
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard index < bytes.count, bytes[index] == expected else { throw error("expected \(word)", at: start) }
            index += 1
        }
    }

    mutating func enter(_ depth: Int) throws(JSONReadError) {
        if depth > maxDepth { throw error("nested deeper than \(maxDepth) arrays and objects") }
        index += 1  // the opening bracket
        skipWhitespace()
    }

    mutating func object(depth: Int) throws(JSONReadError) -> JSONObject {
        try enter(depth)
        var members: [JSONObject.Member] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return JSONObject(members: members)
        }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("expected a member name in quotes, found \(describeCurrent())")
            }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a member name, found \(describeCurrent())") }
            index += 1
            skipWhitespace()
            members.append(JSONObject.Member(key: key, value: try value(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw error("object not closed: expected ',' or '}', found end of input") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "}"):
                index += 1
                return JSONObject(members: members)
            default:
                throw error("expected ',' or '}' in an object, found \(describeCurrent())")
            }
        }
    }

    mutating func array(depth: Int) throws(JSONReadError) -> [JSONValue] {
        try enter(depth)
        var elements: [JSONValue] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return elements
        }
        while true {
            elements.append(try value(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw error("array not closed: expected ',' or ']', found end of input") }
            switch bytes[index] {
            case UInt8(ascii: ","):
                index += 1
                skipWhitespace()
            case UInt8(ascii: "]"):
                index += 1
                return elements
            default:
                throw error("expected ',' or ']' in an array, found \(describeCurrent())")
            }
        }
    }

    mutating func number() throws(JSONReadError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw error("a number needs a digit here", at: index) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw error("a number must not start with a leading zero", at: start) }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("a number needs a digit after '.'") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw error("a number needs a digit in its exponent") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    /// A string starting at the opening quote; the index ends after the closing quote.
    mutating func string() throws(JSONReadError) -> String {
        let open = index
        index += 1
        let start = index
        // Fast path: no escapes, plain ASCII or valid UTF-8.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                guard let text = String(validating: slice, as: UTF8.self) else { throw invalidUTF8(in: start..<index) }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("a control character (0x\(String(byte, radix: 16, uppercase: true))) must be escaped in a string") }
            index += 1
        }
        guard index < bytes.count else { throw error("string not closed: no '\"' before end of input", at: open) }
        // Slow path: collect bytes, decoding escapes.
        var utf8 = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: utf8, as: UTF8.self) else { throw invalidUTF8(in: start..<index) }
                index += 1
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &utf8)
            case 0..<0x20:
                throw error("a control character (0x\(String(byte, radix: 16, uppercase: true))) must be escaped in a string")
            default:
                utf8.append(byte)
                index += 1
            }
        }
        throw error("string not closed: no '\"' before end of input", at: open)
    }

    func invalidUTF8(in range: Range<Int>) -> JSONReadError {
        error("the string starting here is not valid UTF-8", at: range.lowerBound - 1)
    }

    /// One escape sequence starting at the backslash, appended as UTF-8.
    mutating func escape(into utf8: inout [UInt8]) throws(JSONReadError) {
        let backslash = index
        index += 1
        guard index < bytes.count else { throw error("string not closed: escape at end of input", at: backslash) }
        let code = bytes[index]
        index += 1
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(code)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hex4(escapeAt: backslash)
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw error("a high surrogate escape must be followed by a low surrogate escape", at: backslash)
                }
                let lowAt = index
                index += 2
                let low = try hex4(escapeAt: lowAt)
                guard (0xDC00...0xDFFF).contains(low) else { throw error("expected a low surrogate escape", at: lowAt) }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw error("a low surrogate escape without a high surrogate before it", at: backslash)
            }
            // Every value left is a valid scalar: surrogates were handled above.
            utf8.append(contentsOf: Unicode.Scalar(scalar)!.utf8)
        default:
            index -= 1
            throw error("unknown escape: \\ followed by \(describeCurrent())", at: backslash)
        }
    }

    mutating func hex4(escapeAt backslash: Int) throws(JSONReadError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits", at: backslash) }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hex digits", at: backslash)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
