import IILogsCore

/// A small command-line parser for the agent's executable: GNU-style `--name value` and `--name=value`
/// options, flags, repeatable options and positional arguments, with generated help.
///
/// The agent does not use swift-argument-parser: that package links Foundation's JSON coders, which
/// made the static agent about a fifth bigger (ADR 011). The collector and the `iilogs` CLI still use it.
public struct CommandSpec: Sendable {
    /// Full command name for usage lines, e.g. `iilogs-agent run`.
    public var name: String
    public var abstract: String
    public var options: [CommandOption]
    public var positionals: [Positional]

    /// One required positional argument.
    public struct Positional: Sendable {
        public var name: String
        public var help: String
        public init(_ name: String, help: String) {
            self.name = name
            self.help = help
        }
    }

    public init(name: String, abstract: String, options: [CommandOption], positionals: [Positional] = []) {
        self.name = name
        self.abstract = abstract
        self.options = options
        self.positionals = positionals
    }

    /// The `--help` text: abstract, usage, arguments and options.
    public var helpText: String {
        var lines = ["OVERVIEW: \(abstract)", "", "USAGE: \(usage)"]
        if !positionals.isEmpty {
            lines += ["", "ARGUMENTS:"]
            lines += positionals.map { Self.helpLine("<\($0.name)>", $0.help) }
        }
        lines += ["", "OPTIONS:"]
        lines += options.map { option in
            var help = option.help
            if let defaultValue = option.defaultValue { help += " (default: \(defaultValue))" }
            return Self.helpLine(option.synopsis, help)
        }
        lines.append(Self.helpLine("-h, --help", "Show help information."))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `iilogs-agent event <name> [<options>]`.
    public var usage: String {
        ([name] + positionals.map { "<\($0.name)>" } + (options.isEmpty ? [] : ["[<options>]"])).joined(separator: " ")
    }

    static func helpLine(_ synopsis: String, _ help: String) -> String {
        let padded = synopsis.count < 30 ? synopsis + String(repeating: " ", count: 30 - synopsis.count) : synopsis + "\n" + String(repeating: " ", count: 32)
        return "  " + padded + help
    }
}

/// One `--name` option of a command.
public struct CommandOption: Sendable {
    public enum Kind: Sendable {
        /// `--name`, no value.
        case flag
        /// `--name VALUE`; given more than once, the last one wins (as with swift-argument-parser, so an
        /// override appended to a unit file's arguments works).
        case single
        /// `--name VALUE`, any number of times; the values are kept in order.
        case repeated
    }

    /// The name without its dashes, e.g. `collector`.
    public var name: String
    public var kind: Kind
    /// Placeholder in help, e.g. `HOST:PORT`.
    public var valueName: String
    public var help: String
    /// Shown in help; the caller applies it.
    public var defaultValue: String?

    public init(_ name: String, _ kind: Kind = .single, valueName: String = "value", help: String, defaultValue: String? = nil) {
        self.name = name
        self.kind = kind
        self.valueName = valueName
        self.help = help
        self.defaultValue = defaultValue
    }

    var synopsis: String {
        kind == .flag ? "--\(name)" : "--\(name) <\(valueName)>"
    }
}

/// The arguments of one command, checked against its ``CommandSpec``.
public struct ParsedCommand: Sendable, Equatable {
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    /// Positional arguments, in order.
    public var positionals: [String] = []

    /// No arguments at all.
    public init() {}

    /// The value of a single option (the last one when given more than once), nil when not given.
    public func value(_ name: String) -> String? { values[name]?.last }
    /// Every value of a repeated option, in the order given.
    public func values(_ name: String) -> [String] { values[name] ?? [] }
    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of a single option read as a duration (`10s`, `500ms`, `1h30m`), nil when not given; a value
    /// that is not a duration is an error of `spec`.
    public func duration(_ name: String, spec: CommandSpec) throws(CommandLineError) -> Duration? {
        guard let text = value(name) else { return nil }
        guard let duration = DurationParser.parse(text) else {
            throw CommandLineError("--\(name) \(text): expected a duration such as 10s, 500ms or 1h30m", spec: spec)
        }
        return duration
    }
}

/// A command line that does not fit its command; `description` says what is wrong.
public struct CommandLineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    /// Name of the command concerned, e.g. `iilogs-agent run`.
    public var command: String
    /// Usage line of that command.
    public var usage: String

    public init(_ message: String, spec: CommandSpec) {
        self.message = message
        self.command = spec.name
        self.usage = spec.usage
    }

    public var description: String { message }

    /// What the executable prints: the problem, the usage line and where help is.
    public var report: String {
        "Error: \(message)\nUsage: \(usage)\n  See '\(command) --help' for more information."
    }
}

/// What a command line asks for.
public enum CommandLineRequest: Sendable, Equatable {
    /// Run the command with these arguments.
    case run(ParsedCommand)
    /// `--help` or `-h` was given: print this text.
    case help(String)
}

public enum CommandLineParser {
    /// Parses `arguments` (without the program and subcommand names) for `spec`.
    public static func parse(_ arguments: some Collection<String>, spec: CommandSpec) throws(CommandLineError) -> CommandLineRequest {
        let options = Dictionary(spec.options.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var parsed = ParsedCommand()
        var onlyPositionals = false
        var remaining = arguments[...]
        func fail(_ message: String) -> CommandLineError { CommandLineError(message, spec: spec) }
        while let argument = remaining.popFirst() {
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" || argument == "--help" { return .help(spec.helpText) }
            guard argument.hasPrefix("--") else { throw fail("unknown option '\(argument)'") }
            let body = argument.dropFirst(2)
            let name: String
            var inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inlineValue = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            guard let option = options[name] else { throw fail("unknown option '--\(name)'") }
            switch option.kind {
            case .flag:
                if inlineValue != nil { throw fail("--\(name) is a flag and takes no value") }
                parsed.flags.insert(name)
            case .single, .repeated:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if let next = remaining.first, !next.hasPrefix("--") {
                    value = next
                    remaining.removeFirst()
                } else {
                    throw fail("--\(name) needs a value (<\(option.valueName)>)")
                }
                parsed.values[name, default: []].append(value)
            }
        }
        if parsed.positionals.count < spec.positionals.count {
            throw fail("missing <\(spec.positionals[parsed.positionals.count].name)>")
        }
        if parsed.positionals.count > spec.positionals.count {
            throw fail("unexpected argument '\(parsed.positionals[spec.positionals.count])'")
        }
        return .run(parsed)
    }
}
