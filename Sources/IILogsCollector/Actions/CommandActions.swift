/// The configured command actions: runs, in order, every command that wants a notification's kind.
///
/// The caller (the flag producer) records the returned runs on the flag. Commands of one
/// notification run one after another; the caller decides how many notifications run at once.
public struct CommandActions: Sendable {
    /// One command's run, as recorded on the flag.
    public struct Run: Sendable, Hashable, Codable {
        public var argv: [String]
        public var result: CommandActionResult
    }

    public let settings: ActionSettings

    public init(settings: ActionSettings) {
        self.settings = settings
    }

    /// True when at least one command is configured.
    public var isEnabled: Bool { !settings.commands.isEmpty }

    /// The commands `notification` triggers.
    public func commands(for notification: ActionNotification) -> [CommandAction] {
        settings.commands.filter { $0.kinds.contains(notification.kind) }.map {
            CommandAction(argv: $0.argv, timeout: settings.commandTimeout, killGrace: settings.commandKillGrace,
                          maxOutputBytes: settings.maxOutputBytes)
        }
    }

    /// Runs every command `notification` triggers and returns what each did.
    public func run(for notification: ActionNotification) async -> [Run] {
        var runs: [Run] = []
        for command in commands(for: notification) {
            runs.append(Run(argv: command.argv, result: await command.run(for: notification)))
        }
        return runs
    }
}
