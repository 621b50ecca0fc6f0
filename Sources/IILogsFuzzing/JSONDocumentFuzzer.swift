import IILogsCore

/// Arbitrary bytes through ``JSONReader`` (the agent's JSON: cloud-init instance data, journal entries,
/// spot-interruption notices): every input is read or refused, never a trap; a value read writes back
/// to canonical JSON that reads to the same value, and refusing never reports an offset past the input.
enum JSONDocumentFuzzer {
    static func run(_ bytes: [UInt8]) {
        let value: JSONValue
        do {
            value = try JSONReader.parse(bytes)
        } catch {
            FuzzInvariant.check(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes",
                                target: .jsonDocument)
            return
        }
        var written: [UInt8] = []
        write(value, to: &written)
        let reread = try? JSONReader.parse(written)
        FuzzInvariant.check(reread == value, "\(String(decoding: written, as: UTF8.self)) does not read back to the same value",
                            target: .jsonDocument)
    }

    /// Canonical JSON: no whitespace, strings with every control character and the quote and backslash escaped.
    static func write(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .number(let text): out += Array(text.utf8)
        case .string(let text): writeString(text, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ text: String, to out: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out += [UInt8(ascii: "\\"), byte]
            case 0..<0x20:
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default:
                out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
