import IILogsAgent
import IILogsCore
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// `iilogs-agent`: ships this instance's logs, metrics and lifecycle events to an iilogs collector.
/// The command line is `AgentCommandLine` (every flag is documented in docs/AGENT.md).
///
/// Exit status: 0 done, 1 the command failed, 64 the command line is wrong (as sysexits' EX_USAGE).
@main
enum AgentCommand {
    static func main() async {
        MallocArenas.applyAgentDefault()
        do {
            switch try AgentCommandLine.parse(Array(CommandLine.arguments.dropFirst())) {
            case .help(let text): writeText(text, to: 1)
            case .version(let version): writeText(version + "\n", to: 1)
            case .run(let command): try await run(command)
            case .event(let command): try await event(command)
            case .flush(let command): try await flush(command)
            }
        } catch let error as CommandLineError {
            printError(error.report)
            exit(64)
        } catch {
            printError("Error: \(error)")
            exit(1)
        }
    }

    static func run(_ command: ParsedCommand) async throws {
        let level = try AgentCommandLine.logLevel(command)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "iilogs.agent")
        let settings = try AgentCommandLine.settings(command, environment: IdentityResolver.processEnvironment(), logger: logger)
        try await Agent(settings: settings, logger: logger).run { stream in
            printError("agent started instance=\(settings.identity.instanceID) image=\(settings.identity.imageVersion) stream=\(stream)")
        }
    }

    static func event(_ command: ParsedCommand) async throws {
        let name = command.positionals[0]
        let timeout = try AgentCommandLine.timeout(command, default: .seconds(10), spec: AgentCommandLine.event)
        let reply = try await ControlClient.send(.event(name: name, detail: command.value("detail") ?? ""),
                                                 socketPath: AgentCommandLine.controlSocketPath(command), timeout: timeout)
        printError("event \(name) recorded: \(reply)")
    }

    static func flush(_ command: ParsedCommand) async throws {
        let timeout = try AgentCommandLine.timeout(command, default: .seconds(30), spec: AgentCommandLine.flush)
        let reply = try await ControlClient.send(.flush(timeout: timeout), socketPath: AgentCommandLine.controlSocketPath(command),
                                                 timeout: timeout + .seconds(5))
        printError("flushed: \(reply)")
    }
}

/// One line to standard error.
func printError(_ line: String) {
    writeText(line + "\n", to: 2)
}

/// Text to a file descriptor, unbuffered.
func writeText(_ text: String, to descriptor: Int32) {
    let bytes = Array(text.utf8)
    _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
}
