public import IILogsCore

/// One operator command run on notifications (e.g. the cloud's "enter standby" for a flagged instance).
public struct CommandActionSettings: Sendable, Hashable {
    /// Program and arguments, run without a shell (write `["sh", "-c", "…"]` to get one); the program
    /// is looked up in `PATH` when it has no `/`.
    public var argv: [String]
    /// Which notifications run it.
    public var kinds: Set<ActionNotification.Kind>

    public init(argv: [String], kinds: Set<ActionNotification.Kind> = [.instanceFlagged]) {
        self.argv = argv
        self.kinds = kinds
    }
}

/// Command actions and their limits (docs/WEBHOOKS.md, "Command actions").
public struct ActionSettings: Sendable, Hashable {
    /// Commands, run in order for each notification of a kind they want.
    public var commands: [CommandActionSettings]
    /// A command still running after this is stopped: SIGTERM to its process group, SIGKILL after `commandKillGrace`.
    public var commandTimeout: Duration
    /// Time between SIGTERM and SIGKILL of a timed-out command's process group.
    public var commandKillGrace: Duration
    /// Output (stdout and stderr together) kept per run; the rest is read, discarded and flagged `output_truncated`.
    public var maxOutputBytes: Int

    public static let defaultCommandTimeout = Duration.seconds(60)
    public static let defaultCommandKillGrace = Duration.seconds(5)
    public static let defaultMaxOutputBytes = 64 << 10
    /// Largest output limit accepted (it is recorded on the flag).
    public static let maximumOutputBytes = 16 << 20

    public init(commands: [CommandActionSettings] = [],
                commandTimeout: Duration = ActionSettings.defaultCommandTimeout,
                commandKillGrace: Duration = ActionSettings.defaultCommandKillGrace,
                maxOutputBytes: Int = ActionSettings.defaultMaxOutputBytes) {
        self.commands = commands
        self.commandTimeout = commandTimeout
        self.commandKillGrace = commandKillGrace
        self.maxOutputBytes = maxOutputBytes
    }

    /// Checks every setting; the error names the first failing key (`actions.commands[0].argv`).
    public func validate() throws(SettingsError) {
        for (index, command) in commands.enumerated() {
            guard let program = command.argv.first, !program.isEmpty else {
                throw SettingsError(key: "actions.commands[\(index)].argv", problem: "must name a program")
            }
            if command.argv.contains(where: { $0.utf8.contains(0) }) {
                throw SettingsError(key: "actions.commands[\(index)].argv", problem: "must not contain NUL bytes")
            }
            if command.kinds.isEmpty {
                throw SettingsError(key: "actions.commands[\(index)].kinds", problem: "must name at least one notification kind")
            }
        }
        if commandTimeout <= .zero { throw SettingsError(key: "actions.commandTimeout", problem: "must be positive") }
        if commandKillGrace < .zero { throw SettingsError(key: "actions.commandKillGrace", problem: "must not be negative") }
        if !(0...Self.maximumOutputBytes).contains(maxOutputBytes) {
            throw SettingsError(key: "actions.maxOutputBytes", problem: "must be 0–\(Self.maximumOutputBytes), got \(maxOutputBytes)")
        }
    }
}
