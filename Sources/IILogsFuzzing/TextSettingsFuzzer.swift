import IILogsCore

/// Durations, RFC 3339 times and HOST:PORT from arbitrary text: parsed or refused; times that
/// parse format back to text that parses to the same instant.
enum TextSettingsFuzzer {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let duration = DurationParser.parse(text) {
            _ = DurationParser.format(duration)
        }
        if let time = RFC3339.parse(text) {
            let formatted = RFC3339.format(time)
            FuzzInvariant.check(RFC3339.parse(formatted) == time, "\(formatted) does not parse back to the same time",
                                target: .textSettings)
        }
        if let address = HostAndPort(parsing: text) {
            FuzzInvariant.check((0...65535).contains(address.port), "port \(address.port) out of range", target: .textSettings)
        }
        _ = DurationParser.parseTime(text, now: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000))
    }
}
