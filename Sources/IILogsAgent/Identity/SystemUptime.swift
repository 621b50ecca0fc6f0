/// How long the machine has been up, from `/proc/uptime`.
public enum SystemUptime {
    /// Where Linux publishes it: `"12345.67 54321.00\n"` (seconds up, seconds idle summed over CPUs).
    public static let defaultPath = "/proc/uptime"

    /// The uptime, nil when the file is missing or not in the expected form.
    public static func read(path: String = defaultPath) -> Duration? {
        guard let text = SmallFileReader.text(path: path, limit: 4096) else { return nil }
        return parse(text)
    }

    /// Parses the first field of `/proc/uptime` (`"350735.47 234388.90"` → 350735.47 s).
    public static func parse(_ text: String) -> Duration? {
        guard let first = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        let isDigit: (Character) -> Bool = { $0.isASCII && $0.isNumber }
        guard parts.count <= 2, !parts[0].isEmpty, parts[0].count <= 18, parts[0].allSatisfy(isDigit),
              let seconds = Int64(parts[0]) else { return nil }
        var nanos: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(isDigit), let fraction = Int64(digits), fraction >= 0 else {
                return nil
            }
            nanos = fraction * Int64(pow10(9 - digits.count))
        }
        return .seconds(seconds) + .nanoseconds(nanos)
    }

    private static func pow10(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }
}
