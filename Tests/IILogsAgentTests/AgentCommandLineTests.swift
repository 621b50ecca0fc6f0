import IILogsAgent
import IILogsCore
import Logging
import Testing

@Suite("Agent command line")
struct AgentCommandLineTests {
    func command(_ arguments: [String]) throws -> ParsedCommand {
        switch try AgentCommandLine.parse(arguments) {
        case .run(let parsed), .event(let parsed), .flush(let parsed): return parsed
        case .help, .version: throw CommandLineError("expected a command", spec: AgentCommandLine.run)
        }
    }

    func error(_ arguments: [String]) -> CommandLineError? {
        do { _ = try AgentCommandLine.parse(arguments); return nil } catch { return error }
    }

    /// Settings for a run with an explicit identity, so no file of this machine is read for it.
    func settings(_ arguments: [String], environment: [String: String] = [:]) throws -> AgentSettings {
        let parsed = try command(["run", "--instance-id", "i-1", "--image", "v1", "--boot-id-file", "/nonexistent/boot_id"] + arguments)
        return try AgentCommandLine.settings(parsed, environment: environment, logger: inputTestLogger)
    }

    @Test func runIsTheDefaultSubcommand() throws {
        guard case .run(let parsed) = try AgentCommandLine.parse(["--collector", "c:1", "--journald"]) else {
            Issue.record("expected run")
            return
        }
        #expect(parsed.value("collector") == "c:1")
        #expect(parsed.flag("journald"))
        #expect(try AgentCommandLine.parse([]) == .run(ParsedCommand()))
    }

    @Test func optionsTakeSpacedOrInlineValuesAndRepeatInOrder() throws {
        let parsed = try command(["run", "--tail", "/a", "--tail=/b", "--label", "k=v", "--collector=h:5170", "--tail", "-dash-file"])
        #expect(parsed.values("tail") == ["/a", "/b", "-dash-file"])
        #expect(parsed.values("label") == ["k=v"])
        #expect(parsed.value("collector") == "h:5170")
        #expect(parsed.value("token") == nil)
        #expect(!parsed.flag("tls"))
        #expect(try command(["run", "--token="]).value("token") == "")
        #expect(try command(["run", "--heartbeat", "1s", "--heartbeat", "1h"]).value("heartbeat") == "1h")
    }

    @Test func badCommandLinesAreRefusedWithTheReason() {
        #expect(error(["run", "--colector", "h:1"])?.message == "unknown option '--colector'")
        #expect(error(["run", "--collector"])?.message == "--collector needs a value (<HOST:PORT>)")
        #expect(error(["run", "--collector", "--tls"])?.message == "--collector needs a value (<HOST:PORT>)")
        #expect(error(["run", "--tls=yes"])?.message == "--tls is a flag and takes no value")
        #expect(error(["run", "stray"])?.message == "unexpected argument 'stray'")
        #expect(error(["run", "-x"])?.message == "unknown option '-x'")
        #expect(error(["event"])?.message == "missing <name>")
        #expect(error(["event", "Not Valid"]) != nil)
        #expect(error(["flush", "--detail", "x"])?.message == "unknown option '--detail'")
        let report = error(["flush", "--nope"])?.report ?? ""
        #expect(report == "Error: unknown option '--nope'\nUsage: iilogs-agent flush [<options>]\n  See 'iilogs-agent flush --help' for more information.")
    }

    @Test func eventAndFlushReadTheirArguments() throws {
        guard case .event(let event) = try AgentCommandLine.parse(["event", "ready", "--detail", "cloud-init done", "--spool", "/s", "--timeout", "3s"]) else {
            Issue.record("expected event")
            return
        }
        #expect(event.positionals == ["ready"])
        #expect(event.value("detail") == "cloud-init done")
        #expect(AgentCommandLine.controlSocketPath(event) == "/s/control.sock")
        #expect(try AgentCommandLine.timeout(event, default: .seconds(10), spec: AgentCommandLine.event) == .seconds(3))
        let flush = try command(["flush", "--control-socket", "/run/c.sock"])
        #expect(AgentCommandLine.controlSocketPath(flush) == "/run/c.sock")
        #expect(try AgentCommandLine.timeout(flush, default: .seconds(30), spec: AgentCommandLine.flush) == .seconds(30))
        #expect(AgentCommandLine.controlSocketPath(try command(["flush"])) == "/var/lib/iilogs/spool/control.sock")
        #expect(throws: CommandLineError.self) {
            try AgentCommandLine.timeout(try command(["flush", "--timeout", "soon"]), default: .seconds(30), spec: AgentCommandLine.flush)
        }
    }

    @Test func helpAndVersion() throws {
        #expect(try AgentCommandLine.parse(["--version"]) == .version(AgentSettings.agentVersion))
        #expect(try AgentCommandLine.parse(["--help"]) == .help(AgentCommandLine.topHelp))
        guard case .help(let text) = try AgentCommandLine.parse(["run", "--collector", "x", "-h"]) else {
            Issue.record("expected help")
            return
        }
        for option in AgentCommandLine.run.options { #expect(text.contains("--\(option.name)")) }
        #expect(text.contains("(default: /var/lib/iilogs/spool)"))
        guard case .help(let eventHelp) = try AgentCommandLine.parse(["event", "--help"]) else {
            Issue.record("expected help")
            return
        }
        #expect(eventHelp.contains("USAGE: iilogs-agent event <name> [<options>]"))
    }

    @Test func runArgumentsBecomeSettings() throws {
        let settings = try settings(["--collector", "collector.internal:5170", "--tail", "/var/log/app.log", "--label", "tier=web",
                                     "--heartbeat", "5s", "--flush-interval", "250ms", "--drain-deadline", "20s", "--ack-timeout", "30s",
                                     "--spool", "/tmp/spool", "--spool-max-mib", "64", "--metrics-interval", "off",
                                     "--interruption-notice-url", "http://169.254.169.254/x", "--interruption-notice-kind", "gcp",
                                     "--tls-server-name", "logs.internal"])
        #expect(settings.collectorHost == "collector.internal")
        #expect(settings.collectorPort == 5170)
        #expect(settings.identity.instanceID == "i-1")
        #expect(settings.identity.imageVersion == "v1")
        #expect(settings.identity.labels["tier"] == "web")
        #expect(settings.tailPaths == ["/var/log/app.log"])
        #expect(settings.heartbeatInterval == .seconds(5))
        #expect(settings.flushInterval == .milliseconds(250))
        #expect(settings.drainDeadline == .seconds(20))
        #expect(settings.ackTimeout == .seconds(30))
        #expect(settings.spoolDirectory == "/tmp/spool")
        #expect(settings.spoolMaxBytes == 64 << 20)
        #expect(settings.metrics.interval == nil)
        #expect(settings.interruption.kind == .gcp)
        #expect(settings.tls?.serverName == "logs.internal")
        #expect(settings.effectiveControlSocketPath == "/tmp/spool/control.sock")
    }

    @Test func runTakesTheCollectorAndTokenFromTheEnvironment() throws {
        let settings = try settings([], environment: ["IILOGS_COLLECTOR": "10.0.0.5:5170", "IILOGS_TOKEN": "secret"])
        #expect(settings.collectorHost == "10.0.0.5")
        #expect(settings.token == "secret")
        #expect(settings.tls == nil)
        #expect(settings.spoolDirectory == AgentCommandLine.defaultSpool)
    }

    @Test(arguments: [
        (["--collector", "nohost"], "--collector: 'nohost' is not HOST:PORT with a port from 1 to 65535"),
        ([], "--collector HOST:PORT is required (or IILOGS_COLLECTOR)"),
        (["--collector", "h:1", "--heartbeat", "often"], "--heartbeat often: expected a duration such as 10s, 500ms or 1h30m"),
        (["--collector", "h:1", "--label", "=v"], "--label =v: expected k=v"),
        (["--collector", "h:1", "--spool-max-mib", "0"], "--spool-max-mib 0: expected a whole number of MiB above 0"),
        (["--collector", "h:1", "--metrics-interval", "sometimes"], "--metrics-interval sometimes: expected a duration such as 10s, or 0/off"),
        (["--collector", "h:1", "--interruption-notice-kind", "azure"], "--interruption-notice-kind azure: expected aws or gcp"),
    ])
    func badRunValuesAreRefused(arguments: [String], message: String) {
        #expect(throws: CommandLineError(message, spec: AgentCommandLine.run)) { try settings(arguments) }
    }

    @Test func logLevel() throws {
        #expect(try AgentCommandLine.logLevel(try command(["run", "--log-level", "warning"])) == .warning)
        #expect(try AgentCommandLine.logLevel(try command(["run"])) == .info)
        #expect(throws: CommandLineError.self) { try AgentCommandLine.logLevel(try command(["run", "--log-level", "loud"])) }
    }
}
