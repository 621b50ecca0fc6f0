import IILogsCore

/// The control socket's line protocol (docs/AGENT.md): one request line, one reply line, UTF-8,
/// each at most ``maxLineBytes`` and ended by `\n`.
///
/// ```
/// → event <name> [<detail…>]      record a lifecycle event; replied once it is spooled
/// ← ok spooled sequence=<n>
/// → flush <timeout-milliseconds>  cut the current batch and wait until everything spooled is acknowledged
/// ← ok acknowledged sequence=<n>  |  error timeout after <ms>ms: <k> batches unacknowledged
/// ← error <message>               anything malformed or refused
/// ```
public enum ControlRequest: Sendable, Hashable {
    /// Record the lifecycle event `name` with `detail`.
    case event(name: String, detail: String)
    /// Flush and wait up to `timeout` for acknowledgement.
    case flush(timeout: Duration)

    /// Longest request or reply line.
    public static let maxLineBytes = 4096
    /// Longest event name.
    public static let maxEventNameLength = 64

    /// Checks an event name: 1–64 characters of `[a-z0-9._-]`; nil when valid, else the problem.
    public static func problem(withEventName name: String) -> String? {
        guard !name.isEmpty, name.utf8.count <= maxEventNameLength else {
            return "event name must be 1–\(maxEventNameLength) characters, got \(name.utf8.count)"
        }
        let allowed = name.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x5F || c == 0x2D
        }
        return allowed ? nil : "event name \"\(name)\" may only contain a-z, 0-9, '.', '_' and '-'"
    }

    /// The request as a line (without `\n`). Newlines in a detail become spaces.
    public var line: String {
        switch self {
        case .event(let name, let detail):
            let clean = detail.map { $0 == "\n" || $0 == "\r" ? " " : $0 }
            return clean.isEmpty ? "event \(name)" : "event \(name) \(String(clean))"
        case .flush(let timeout):
            return "flush \(max(0, timeout.totalNanoseconds / 1_000_000))"
        }
    }

    /// Parses a request line; throws a message fit for an `error` reply.
    public init(parsing line: String) throws(ControlProtocolError) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        switch parts.first {
        case "event":
            guard parts.count >= 2 else { throw ControlProtocolError("event needs a name") }
            let name = String(parts[1])
            if let problem = Self.problem(withEventName: name) { throw ControlProtocolError(problem) }
            self = .event(name: name, detail: parts.count > 2 ? String(parts[2]) : "")
        case "flush":
            guard parts.count == 2, let ms = Int64(parts[1]), ms >= 0 else {
                throw ControlProtocolError("flush needs a timeout in milliseconds")
            }
            self = .flush(timeout: .milliseconds(ms))
        default:
            throw ControlProtocolError("unknown request \"\(parts.first.map(String.init) ?? "")\"; expected event or flush")
        }
    }
}

/// A malformed or refused control request, or a failed control call.
public struct ControlProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, ready to show to a person.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
