public import IILogsCore

/// A hostname pattern and the image version of the senders it matches (`web-*=web-v42`).
///
/// Applied only to plain-syslog senders without the identity structured-data element, whose HOSTNAME
/// becomes the instance ID: the first rule whose pattern matches the HOSTNAME gives the image version
/// (instead of `unknown`). Patterns are globs: `*` any run of characters, `?` one character, anything
/// else itself; matching ignores ASCII case (host names are case-insensitive).
public struct SyslogImageRule: Sendable, Hashable, CustomStringConvertible {
    /// Longest pattern accepted.
    public static let maxPatternBytes = 255

    public var pattern: String
    public var image: String

    public init(pattern: String, image: String) {
        self.pattern = pattern
        self.image = image
    }

    /// Parses `PATTERN=IMAGE` (the `--syslog-map` flag); the error names the key `syslogImageRules`.
    public init(parsing text: String) throws(SettingsError) {
        guard let equals = text.lastIndex(of: "=") else {
            throw SettingsError(key: "syslogImageRules", problem: "expects PATTERN=IMAGE (e.g. 'web-*=web-v42'), got '\(text)'")
        }
        self.init(pattern: String(text[..<equals]), image: String(text[text.index(after: equals)...]))
        try validate()
    }

    /// Pattern 1…``maxPatternBytes`` bytes without spaces; image a valid image version.
    public func validate() throws(SettingsError) {
        let bytes = Array(pattern.utf8)
        if bytes.isEmpty || bytes.count > Self.maxPatternBytes || bytes.contains(where: { $0 <= 0x20 || $0 == 0x7F }) {
            throw SettingsError(key: "syslogImageRules",
                                problem: "pattern must be 1–\(Self.maxPatternBytes) printable characters without spaces, got '\(pattern)'")
        }
        do {
            try InstanceIdentity(instanceID: "rule", imageVersion: image).validate()
        } catch {
            throw SettingsError(key: "syslogImageRules", problem: "image of '\(pattern)': \(error)")
        }
    }

    /// True when the glob ``pattern`` matches all of `hostname`.
    public func matches(_ hostname: String) -> Bool {
        Self.glob(Array(pattern.utf8), matches: Array(hostname.utf8))
    }

    /// The image of the first rule in `rules` matching `hostname`.
    public static func image(for hostname: String, in rules: [SyslogImageRule]) -> String? {
        rules.first { $0.matches(hostname) }?.image
    }

    /// Iterative glob match with backtracking to the last `*` (linear in practice, no recursion).
    static func glob(_ pattern: [UInt8], matches text: [UInt8]) -> Bool {
        func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
        var p = 0
        var t = 0
        var star: Int?
        var resume = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == UInt8(ascii: "?") || lower(pattern[p]) == lower(text[t])) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == UInt8(ascii: "*") {
                star = p
                p += 1
                resume = t
            } else if let s = star {
                p = s + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }

    public var description: String { "\(pattern)=\(image)" }
}
