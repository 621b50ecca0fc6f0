/// What one command action did, recorded on the flag (JSON keys are stable snake_case).
///
/// ```json
/// {"duration_ms":412,"exit_status":0,"output":"standby requested\n","output_truncated":false,"timed_out":false}
/// ```
public struct CommandActionResult: Sendable, Hashable, Codable {
    /// Exit status when the program exited by itself; nil when a signal ended it or it did not start.
    public var exitStatus: Int32?
    /// The signal that ended it (SIGTERM/SIGKILL after a timeout, or any other).
    public var signal: Int32?
    /// True when it ran past `commandTimeout` and its process group was stopped.
    public var timedOut: Bool
    /// Standard output and standard error interleaved, up to `maxOutputBytes` (invalid UTF-8 replaced).
    public var output: String
    /// True when more output was produced than kept.
    public var outputTruncated: Bool
    /// Wall time from start to exit.
    public var durationMilliseconds: Int64
    /// Why it could not be started (program not found, not executable, …); nil when it started.
    public var startError: String?

    public init(exitStatus: Int32?, signal: Int32? = nil, timedOut: Bool = false, output: String = "",
                outputTruncated: Bool = false, durationMilliseconds: Int64 = 0, startError: String? = nil) {
        self.exitStatus = exitStatus
        self.signal = signal
        self.timedOut = timedOut
        self.output = output
        self.outputTruncated = outputTruncated
        self.durationMilliseconds = durationMilliseconds
        self.startError = startError
    }

    /// True when it exited 0 within its time.
    public var succeeded: Bool { exitStatus == 0 && !timedOut }

    enum CodingKeys: String, CodingKey {
        case exitStatus = "exit_status", signal, timedOut = "timed_out", output, outputTruncated = "output_truncated"
        case durationMilliseconds = "duration_ms", startError = "start_error"
    }
}
