/// RFC 5424 severity, 0 (emergency) to 7 (debug). Lower is worse.
///
/// `Comparable` orders by badness: `.error < .warning` is false because an error is *worse*;
/// use ``isAtLeast(_:)`` for "this level and worse" filters.
public enum Severity: UInt8, Sendable, Hashable, CaseIterable, Codable {
    case emergency = 0, alert, critical, error, warning, notice, info, debug

    /// Short names as syslog tools spell them (`err`, `warning`, `info`, …).
    public var name: String {
        switch self {
        case .emergency: "emerg"
        case .alert: "alert"
        case .critical: "crit"
        case .error: "err"
        case .warning: "warning"
        case .notice: "notice"
        case .info: "info"
        case .debug: "debug"
        }
    }

    /// Parses the names `--severity` accepts: syslog short names, common long names, or 0–7.
    public init?(name: String) {
        switch name.lowercased() {
        case "emerg", "emergency", "panic", "0": self = .emergency
        case "alert", "1": self = .alert
        case "crit", "critical", "2": self = .critical
        case "err", "error", "3": self = .error
        case "warning", "warn", "4": self = .warning
        case "notice", "5": self = .notice
        case "info", "informational", "6": self = .info
        case "debug", "7": self = .debug
        default: return nil
        }
    }

    /// True when `self` is `level` or worse (numerically lower or equal).
    public func isAtLeast(_ level: Severity) -> Bool { rawValue <= level.rawValue }
}
