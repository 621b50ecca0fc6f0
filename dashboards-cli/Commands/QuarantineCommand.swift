import ArgumentParser
import IILogsCore
import IILogsReports

/// `iilogs quarantine list|show ID|release ID --reason TEXT`: instances the rules flagged.
struct QuarantineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "List, show and release instances the collector's rules flagged (docs/RULES.md).",
        subcommands: [List.self, Show.self, Release.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open quarantine flags (with --all also open warnings), newest first.")
        @OptionGroup var source: CollectorOptions
        @Flag(name: .long, help: "Include open `warn` flags.") var all = false
        @Option(name: .long, help: "text | json") var output: OutputFormat = .text

        func run() async throws {
            let flags = try await source.makeClient().quarantineFlags(all: all)
            if output != .text { return emit(LogLineRenderer.encode(flags, pretty: true) + "\n") }
            if flags.isEmpty { return emit("no open flags\n") }
            emit(FlagText.table(flags))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An instance's state and every flag it had, with evidence and command results.")
        @OptionGroup var source: CollectorOptions
        @Argument(help: "Instance ID.") var instance: String
        @Option(name: .long, help: "text | json") var output: OutputFormat = .text

        func run() async throws {
            guard let answer = try await source.makeClient().quarantine(instance: instance) else {
                throw ValidationError("the collector knows no instance '\(instance)'")
            }
            if output != .text { return emit(LogLineRenderer.encode(answer, pretty: true) + "\n") }
            emit(FlagText.show(answer))
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release an instance: close its open flags and end its quarantine.")
        @OptionGroup var source: CollectorOptions
        @Argument(help: "Instance ID.") var instance: String
        @Option(name: .long, help: "Why (recorded on the flags and in the instance's timeline).") var reason: String

        func validate() throws {
            if reason.allSatisfy(\.isWhitespace) { throw ValidationError("--reason must not be empty") }
        }

        func run() async throws {
            let answer = try await source.makeClient().release(instance: instance, reason: reason)
            emit("released \(answer.released.count) flag(s) of \(answer.instance); state now \(answer.state)\n")
        }
    }
}

/// Text rendering of flags for `iilogs quarantine`.
enum FlagText {
    static func table(_ flags: [APIFlag]) -> String {
        var out = pad(["ID", "INSTANCE", "IMAGE", "RULE", "ACTION", "TIME", "REASON"])
        for flag in flags {
            out += pad(["\(flag.id)", flag.instance, flag.image, flag.rule, flag.action, flag.time, flag.reason])
        }
        return out
    }

    static func show(_ answer: APIInstanceFlagsResponse) -> String {
        var out = "instance \(answer.instance): \(answer.state), \(answer.flags.count) flag(s)\n"
        for flag in answer.flags {
            out += "\nflag \(flag.id) \(flag.rule) (\(flag.kind), \(flag.action)) at \(flag.time)"
            out += flag.releasedAt.map { " — released \($0): \(flag.releaseReason ?? "")" } ?? " — open"
            out += "\n  reason: \(flag.key.isEmpty ? "" : flag.key + ": ")\(flag.reason)\n"
            for item in flag.evidence {
                out += "  evidence \(item.kind) \(item.time) [\(item.source):\(item.offset)] \(item.text)\n"
            }
            for run in flag.actionResults {
                let status = run.startError ?? run.exitStatus.map { "exit \($0)" } ?? run.signal.map { "signal \($0)" } ?? "?"
                out += "  command \(run.argv.joined(separator: " ")): \(status)\(run.timedOut ? " (timed out)" : "")\n"
            }
        }
        return out
    }

    /// Space-aligned columns of fixed widths (a longer cell pushes the rest right); the last one left as is.
    private static func pad(_ cells: [String]) -> String {
        let widths = [4, 20, 16, 20, 10, 30]
        var line = ""
        for (index, cell) in cells.enumerated() {
            if index < widths.count {
                line += cell + String(repeating: " ", count: max(1, widths[index] - cell.count + 1))
            } else {
                line += cell
            }
        }
        return line + "\n"
    }
}
