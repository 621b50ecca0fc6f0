/// Settings of the journald source (`iilogs-agent run --journald`).
public struct JournaldSettings: Sendable, Hashable {
    /// Default ``journalctlPath``.
    public static let defaultJournalctlPath = "/usr/bin/journalctl"
    /// Default ``maxLineBytes``: an entry's JSON line longer than this is skipped and counted.
    public static let defaultMaxLineBytes = 1 << 20
    /// Default ``maxMessageBytes``.
    public static let defaultMaxMessageBytes = 64 << 10
    /// Default ``restartDelay``.
    public static let defaultRestartDelay = Duration.seconds(1)
    /// Key of the source's checkpoint in the spool.
    public static let sourceKey = "journald"

    /// The `journalctl` program to run (tests use a fake one).
    public var journalctlPath: String
    /// Longest JSON line read; longer entries are skipped and counted.
    public var maxLineBytes: Int
    /// Longest MESSAGE kept; longer ones are cut and marked `truncated=true`.
    public var maxMessageBytes: Int
    /// Wait before starting `journalctl` again after it exited (doubles up to 30× on repeated failures).
    public var restartDelay: Duration

    public init(journalctlPath: String = Self.defaultJournalctlPath, maxLineBytes: Int = Self.defaultMaxLineBytes,
                maxMessageBytes: Int = Self.defaultMaxMessageBytes, restartDelay: Duration = Self.defaultRestartDelay) {
        self.journalctlPath = journalctlPath
        self.maxLineBytes = maxLineBytes
        self.maxMessageBytes = maxMessageBytes
        self.restartDelay = restartDelay
    }

    /// The arguments for `journalctl`: follow as JSON after `cursor`, or from the start of this boot when none.
    public static func arguments(after cursor: String?) -> [String] {
        var arguments = ["--output=json", "--follow", "--no-pager", "--no-tail"]
        if let cursor {
            arguments.append("--after-cursor=\(cursor)")
        } else {
            arguments.append("--boot")
        }
        return arguments
    }
}
