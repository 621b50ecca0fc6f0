import Foundation
public import IILogsCore

/// Renders log lines for the terminal or for scripts.
public struct LogLineRenderer: Sendable {
    public var format: OutputFormat
    /// ANSI colours by severity; only when writing to a terminal.
    public var colour: Bool

    public init(format: OutputFormat, colour: Bool) {
        self.format = format
        self.colour = colour
    }

    /// The whole output for `lines` (text and jsonl end with a newline when non-empty).
    public func render(_ lines: [APILogLine]) -> String {
        switch format {
        case .json:
            return Self.encode(lines, pretty: true) + "\n"
        case .jsonl:
            return lines.map { Self.encode($0, pretty: false) + "\n" }.joined()
        case .text:
            return lines.map { textLine($0) + "\n" }.joined()
        }
    }

    /// `2026-11-23T09:00:00.123Z i-abc v42 err sshd[123]: message`
    public func textLine(_ line: APILogLine) -> String {
        let time = line.time.count == 30 ? String(line.time.prefix(23)) + "Z" : line.time  // milliseconds are enough on screen
        var app = line.app.isEmpty ? "-" : line.app
        if !line.procid.isEmpty { app += "[\(line.procid)]" }
        let severity = line.severity.padding(toLength: 7, withPad: " ", startingAt: 0)
        let text = "\(time) \(line.instance) \(line.image) \(severity) \(app): \(Self.escapeControl(line.message))"
        guard colour, let sev = Severity(name: line.severity) else { return text }
        switch sev {
        case .emergency, .alert, .critical, .error: return "\u{1B}[31m\(text)\u{1B}[0m"
        case .warning: return "\u{1B}[33m\(text)\u{1B}[0m"
        case .debug: return "\u{1B}[2m\(text)\u{1B}[0m"
        default: return text
        }
    }

    /// Control characters (other than tab) are shown escaped so a line can't rewrite the terminal.
    static func escapeControl(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else { return s }
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
                out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Compact or pretty JSON of any encodable value, keys sorted for stable output.
    public static func encode(_ value: some Encodable, pretty: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
