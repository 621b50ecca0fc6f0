/// `/proc/meminfo`: `Key:   value kB` lines, values converted to bytes.
public struct Meminfo: Sendable, Hashable {
    /// Every `Key: value [kB]` line, in bytes (`kB` is KiB); lines without a unit are kept as they are.
    public var values: [String: UInt64]

    public init(values: [String: UInt64]) { self.values = values }

    /// `MemTotal`.
    public var totalBytes: UInt64? { values["MemTotal"] }
    /// `MemAvailable` (kernel ≥ 3.14), else `MemFree + Buffers + Cached` as an estimate.
    public var availableBytes: UInt64? {
        if let available = values["MemAvailable"] { return available }
        guard let free = values["MemFree"] else { return nil }
        return free + (values["Buffers"] ?? 0) + (values["Cached"] ?? 0)
    }
    /// Total minus available: memory that cannot be reclaimed without swapping.
    public var usedBytes: UInt64? {
        guard let total = totalBytes, let available = availableBytes else { return nil }
        return total > available ? total - available : 0
    }
    /// `SwapTotal`.
    public var swapTotalBytes: UInt64? { values["SwapTotal"] }
    /// `SwapTotal − SwapFree`.
    public var swapUsedBytes: UInt64? {
        guard let total = values["SwapTotal"], let free = values["SwapFree"] else { return nil }
        return total > free ? total - free : 0
    }

    /// Parses the text; malformed lines are skipped.
    public static func parse(_ text: String) -> Meminfo {
        var values: [String: UInt64] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let rest = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = rest.first, let number = UInt64(first) else { continue }
            if rest.count >= 2, rest[1] == "kB" {
                let (bytes, overflow) = number.multipliedReportingOverflow(by: 1024)
                if !overflow { values[key] = bytes }
            } else {
                values[key] = number
            }
        }
        return Meminfo(values: values)
    }
}
