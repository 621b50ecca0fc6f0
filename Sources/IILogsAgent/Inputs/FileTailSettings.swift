/// How one file is tailed. Every limit is a named setting with a documented default.
public struct FileTailSettings: Sendable, Hashable {
    /// Default for ``pollInterval``.
    public static let defaultPollInterval: Duration = .milliseconds(250)
    /// Default for ``partialLineTimeout``.
    public static let defaultPartialLineTimeout: Duration = .seconds(2)
    /// Default for ``maxLineBytes``: 64 KiB.
    public static let defaultMaxLineBytes = 64 * 1024
    /// Default for ``readChunkBytes``: 64 KiB.
    public static let defaultReadChunkBytes = 64 * 1024

    /// The file to tail (absolute path recommended; it is also the source key and the `file` field).
    public var path: String
    /// How often the file is checked for growth, rotation, truncation or appearance.
    public var pollInterval: Duration
    /// How long an unfinished last line (no LF yet) is held before it is emitted as it is.
    public var partialLineTimeout: Duration
    /// Longest line kept; longer lines are cut here and marked with the field `truncated=true`.
    public var maxLineBytes: Int
    /// Bytes asked of each `read(2)`.
    public var readChunkBytes: Int

    public init(
        path: String,
        pollInterval: Duration = Self.defaultPollInterval,
        partialLineTimeout: Duration = Self.defaultPartialLineTimeout,
        maxLineBytes: Int = Self.defaultMaxLineBytes,
        readChunkBytes: Int = Self.defaultReadChunkBytes
    ) {
        self.path = path
        self.pollInterval = pollInterval
        self.partialLineTimeout = partialLineTimeout
        self.maxLineBytes = maxLineBytes
        self.readChunkBytes = readChunkBytes
    }

    /// The key under which this file's checkpoints are stored: `file:<path>`.
    public var sourceKey: String { "file:" + path }

    /// The `app` of the file's records: its base name without the last extension
    /// (`/var/log/nginx/access.log` → `access`; `.bashrc` stays `.bashrc`).
    public var appName: String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }

    /// Checks the limits; the error names the setting.
    public func validate() throws(FileTailSettingsError) {
        if path.isEmpty { throw FileTailSettingsError(key: "tail.path", problem: "must not be empty") }
        if pollInterval <= .zero { throw FileTailSettingsError(key: "tail.pollInterval", problem: "must be positive, got \(pollInterval)") }
        if partialLineTimeout < .zero {
            throw FileTailSettingsError(key: "tail.partialLineTimeout", problem: "must not be negative, got \(partialLineTimeout)")
        }
        if maxLineBytes < 1 { throw FileTailSettingsError(key: "tail.maxLineBytes", problem: "must be at least 1, got \(maxLineBytes)") }
        if readChunkBytes < 1 { throw FileTailSettingsError(key: "tail.readChunkBytes", problem: "must be at least 1, got \(readChunkBytes)") }
    }
}

/// A tail setting out of range; names the key.
public struct FileTailSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var problem: String
    public var description: String { "\(key) \(problem)" }
}
