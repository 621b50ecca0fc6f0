import IILogsCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one operator command for a notification (e.g. the cloud's "enter standby" for a flagged
/// instance), so iilogs needs no cloud SDK.
///
/// - `argv` is executed directly with `posix_spawnp` — no shell unless the operator writes `sh -c`.
/// - Environment: the collector's own, minus `secretVariables`, plus `IILOGS_EVENT_ID`,
///   `IILOGS_EVENT_KIND`, `IILOGS_INSTANCE_ID`, `IILOGS_IMAGE`, `IILOGS_RULE`, `IILOGS_ACTION`,
///   `IILOGS_REASON`, `IILOGS_VERDICT`, `IILOGS_PREVIOUS_VERDICT`, `IILOGS_TIME` (empty when absent).
/// - It runs in a new process group with stdin from /dev/null, default signal dispositions and an
///   empty signal mask. Past `timeout` the whole group gets SIGTERM, then SIGKILL after `killGrace`.
/// - stdout and stderr are captured together up to `maxOutputBytes`; the rest is drained and flagged.
/// The blocking work runs on NIO's thread pool, never on the concurrency pool.
public struct CommandAction: Sendable, Hashable {
    public var argv: [String]
    public var timeout: Duration
    public var killGrace: Duration
    public var maxOutputBytes: Int

    /// Variables of the collector's environment not passed to commands: the collector's own secrets.
    public static let secretVariables: Set<String> = ["IILOGS_TOKEN", "IILOGS_WEBHOOK_SECRET"]

    public init(argv: [String], timeout: Duration = ActionSettings.defaultCommandTimeout,
                killGrace: Duration = ActionSettings.defaultCommandKillGrace,
                maxOutputBytes: Int = ActionSettings.defaultMaxOutputBytes) {
        self.argv = argv
        self.timeout = timeout
        self.killGrace = killGrace
        self.maxOutputBytes = maxOutputBytes
    }

    /// The variables a command gets for `notification` (added to the inherited environment).
    public static func variables(for notification: ActionNotification) -> [(String, String)] {
        [
            ("IILOGS_EVENT_ID", notification.id),
            ("IILOGS_EVENT_KIND", notification.kind.rawValue),
            ("IILOGS_INSTANCE_ID", notification.instanceID ?? ""),
            ("IILOGS_IMAGE", notification.image),
            ("IILOGS_RULE", notification.rule ?? ""),
            ("IILOGS_ACTION", notification.action ?? ""),
            ("IILOGS_REASON", notification.reason),
            ("IILOGS_VERDICT", notification.verdict ?? ""),
            ("IILOGS_PREVIOUS_VERDICT", notification.previousVerdict ?? ""),
            ("IILOGS_TIME", RFC3339.format(notification.time)),
        ]
    }

    /// Runs the command for `notification` and returns what it did (never throws: a failure to
    /// start is reported in `startError`).
    public func run(for notification: ActionNotification) async -> CommandActionResult {
        await run(adding: Self.variables(for: notification))
    }

    /// Runs the command with `variables` added to the inherited environment (minus secrets).
    public func run(adding variables: [(String, String)]) async -> CommandActionResult {
        let names = Set(variables.map(\.0))
        var environment = Self.inheritedEnvironment().filter { entry in
            let name = entry.split(separator: "=", maxSplits: 1).first.map(String.init) ?? entry
            return !names.contains(name) && !Self.secretVariables.contains(name)
        }
        environment += variables.map { "\($0)=\($1.replacingNULs())" }
        let job = CommandJob(argv: argv, environment: environment, timeout: timeout, killGrace: killGrace,
                             maxOutputBytes: maxOutputBytes)
        do {
            return try await NIOThreadPool.singleton.runIfActive { job.runBlocking() }
        } catch {
            return CommandActionResult(exitStatus: nil, startError: "thread pool unavailable: \(error)")
        }
    }

    static func inheritedEnvironment() -> [String] {
        var result: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            result.append(String(cString: entry))
            pointer += 1
        }
        return result
    }
}

extension String {
    /// NUL cannot appear in an environment value; it becomes a space.
    fileprivate func replacingNULs() -> String {
        utf8.contains(0) ? String(decoding: utf8.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self) : self
    }
}
