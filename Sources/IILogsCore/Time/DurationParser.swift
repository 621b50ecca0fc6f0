#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Durations as people type them: `500ms`, `30s`, `5m`, `2h`, `7d`, `1h30m`.
public enum DurationParser {
    /// Nil when `text` is empty, has an unknown unit or a number without a unit.
    public static func parse(_ text: some StringProtocol) -> Duration? {
        var total: Int64 = 0
        var number: Int64 = 0
        var haveNumber = false
        var sawPart = false
        var chars = Array(text.utf8)[...]
        while let c = chars.first {
            if c >= 0x30 && c <= 0x39 {
                let (m, o1) = number.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(c - 0x30))
                guard !o1, !o2 else { return nil }
                number = a
                haveNumber = true
                chars.removeFirst()
                continue
            }
            guard haveNumber else { return nil }
            let unitNanos: Int64
            if chars.starts(with: "ms".utf8) {
                unitNanos = 1_000_000
                chars.removeFirst(2)
            } else if chars.starts(with: "us".utf8) {
                unitNanos = 1_000
                chars.removeFirst(2)
            } else if chars.starts(with: "ns".utf8) {
                unitNanos = 1
                chars.removeFirst(2)
            } else {
                switch c {
                case UInt8(ascii: "s"): unitNanos = 1_000_000_000
                case UInt8(ascii: "m"): unitNanos = 60_000_000_000
                case UInt8(ascii: "h"): unitNanos = 3_600_000_000_000
                case UInt8(ascii: "d"): unitNanos = 86_400_000_000_000
                case UInt8(ascii: "w"): unitNanos = 7 * 86_400_000_000_000
                default: return nil
                }
                chars.removeFirst()
            }
            let (part, o1) = number.multipliedReportingOverflow(by: unitNanos)
            let (sum, o2) = total.addingReportingOverflow(part)
            guard !o1, !o2 else { return nil }
            total = sum
            number = 0
            haveNumber = false
            sawPart = true
        }
        guard sawPart, !haveNumber else { return nil }
        return .nanoseconds(total)
    }

    /// A point in time given as RFC 3339 or as a duration before `now` (`--since 2h`), or `now`.
    public static func parseTime(_ text: some StringProtocol, now: Timestamp) -> Timestamp? {
        if text == "now" { return now }
        if let t = RFC3339.parse(text) { return t }
        if let d = parse(text) { return now.adding(nanoseconds: -d.totalNanoseconds) }
        return nil
    }

    /// `1h30m`-style rendering, for messages and settings dumps.
    public static func format(_ duration: Duration) -> String {
        var ns = duration.totalNanoseconds
        if ns == 0 { return "0s" }
        var out = ns < 0 ? "-" : ""
        ns = ns.magnitude > Int64.max.magnitude ? Int64.max : abs(ns)
        let units: [(Int64, String)] = [(86_400_000_000_000, "d"), (3_600_000_000_000, "h"), (60_000_000_000, "m"),
                                        (1_000_000_000, "s"), (1_000_000, "ms"), (1_000, "us"), (1, "ns")]
        for (size, name) in units where ns >= size {
            out += "\(ns / size)\(name)"
            ns %= size
        }
        return out
    }
}

extension Timestamp {
    /// The current wall-clock time.
    public static func now() -> Timestamp {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timestamp(nanosecondsSinceEpoch: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }
}
