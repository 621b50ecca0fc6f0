import Foundation
import IILogsCollector
public import IILogsCore
import IILogsReports
import IILogsStore
public import Logging
import ServiceLifecycle

/// `iilogs demo`: an embedded collector on loopback and a simulated fleet whose agents ship through the
/// real TCP path; some instances are destroyed (one cleanly, one by vanishing after an OOM kill, which
/// quarantines it), a canary image logs 5× the errors of the others, then the demo shows what a user
/// would look at — including `iilogs health` failing the canary against a healthy baseline — and which
/// commands to try next.
public struct DemoRunner: Sendable {
    public struct Options: Sendable {
        /// Data folder; kept afterwards so the printed commands work offline.
        public var dataDirectory: String
        /// Instances per image version.
        public var fleet: [(image: String, instances: Int)] = [("v41", 6), ("v42", 14), ("v43-canary", 4)]
        /// How long the fleet runs before instances are destroyed.
        public var runFor: Duration = .seconds(20)
        /// Lines per second per instance.
        public var linesPerSecond = 20
        /// Silence after which an instance is shown as lost (short so the demo can show it).
        public var lostAfter: Duration = .seconds(6)
        /// The image judged as a canary (its instances log ``DemoFleet/canaryErrorRate`` errors).
        public var canary = "v43-canary"
        /// The healthy image the canary is compared with (`iilogs health --baseline`).
        public var baseline = "v41"
        public init(dataDirectory: String) {
            self.dataDirectory = dataDirectory
        }
    }

    public var options: Options
    public var logger: Logger
    public var colour: Bool

    public init(options: Options, logger: Logger, colour: Bool) {
        self.options = options
        self.logger = logger
        self.colour = colour
    }

    /// What the demo's `iilogs health` calls answered.
    public struct Verdicts: Sendable {
        /// The canary judged against the baseline.
        public var canary: APIImageHealth
        /// The baseline on its own.
        public var baseline: APIImageHealth
    }

    /// Runs the whole demo, printing through `say`; returns the health verdicts it showed.
    @discardableResult
    public func run(say: @escaping @Sendable (String) -> Void) async throws -> Verdicts? {
        let o = options
        var reportPath = ""
        var verdicts: Verdicts?
        let store = try SQLiteStore(directory: o.dataDirectory, logger: logger)
        let settings = CollectorSettings(dataDirectory: o.dataDirectory, agentListen: .init(host: "127.0.0.1", port: 0),
                                         httpListen: .init(host: "127.0.0.1", port: 0), lostAfter: o.lostAfter)
        let collector = Collector(settings: settings, store: store, logger: logger, closesStoreOnExit: false)
        let collectorGroup = ServiceGroup(configuration: .init(services: [.init(service: collector)], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await collectorGroup.run() }
            let addresses = try await collector.addresses()
            say("▶ collector listening: agents on \(addresses.agents), HTTP API on http://\(addresses.http) (data in \(o.dataDirectory))")

            let fleet = DemoFleet(collectorHost: addresses.agents.host, collectorPort: addresses.agents.port,
                                  spoolRoot: o.dataDirectory + "/demo-spools", plan: o.fleet, linesPerSecond: o.linesPerSecond,
                                  troubleAfter: o.runFor / 2 - .seconds(2), logger: logger)
            let total = o.fleet.reduce(0) { $0 + $1.instances }
            say("▶ launching \(total) simulated instances of \(o.fleet.count) image versions; each runs a real agent (spool, batcher, shipper) over TCP")
            group.addTask { await fleet.run() }
            try await Task.sleep(for: o.runFor / 2)
            let victims = fleet.victims
            say("▶ destroying \(victims.clean) cleanly (SIGTERM path: terminating event, final flush) while the fleet keeps logging")
            await fleet.terminateCleanly(victims.clean)
            say("▶ \(victims.vanished) runs out of memory and vanishes without a goodbye (like a host failure): its heartbeats stop")
            fleet.vanish(victims.vanished)
            try await Task.sleep(for: o.runFor / 2)
            say("▶ waiting \(DurationParser.format(o.lostAfter)) of silence for the collector to call \(victims.vanished) lost…")
            try await Task.sleep(for: o.lostAfter + .seconds(1))

            let source = LocalFleetDataSource(store: store, lostAfter: o.lostAfter, flagView: APIFlag.init)
            say("\n$ iilogs images\n" + InstanceTable.render(try await source.images()))
            let instances = try await source.instances(image: nil, state: nil)
            let interesting = instances.filter { $0.state != "running" } + instances.filter { $0.state == "running" }.prefix(4)
            say("$ iilogs instances   (\(instances.count) instances; the destroyed ones and a few running)\n" + InstanceTable.render(Array(interesting)))
            let last = try await source.logs(LogQuery(scope: .instance(victims.vanished), limit: 12))
            say("$ iilogs query --instance \(victims.vanished) --limit 12   (the last words of an instance that no longer exists)\n"
                + LogLineRenderer(format: .text, colour: colour).render(last.lines))
            let errors = try await source.logs(LogQuery(scope: .image(o.canary), minSeverity: .error, limit: 6))
            say("$ iilogs query --image \(o.canary) --severity err --limit 6\n" + LogLineRenderer(format: .text, colour: colour).render(errors.lines))
            if let detail = try await source.instance(victims.clean) {
                say("$ iilogs instances \(victims.clean)\n" + InstanceTable.detail(detail))
            }
            verdicts = try await showHealth(collector: addresses.http, say: say)
            reportPath = try await writePostmortem(of: victims.vanished, source: source)
            // Agents drain into the collector before it stops, both gracefully.
            await fleet.stopAll()
            _ = try await group.next()
            await collectorGroup.triggerGracefulShutdown()
            try await group.waitForAll()
        }
        await store.close()
        let data = o.dataDirectory
        let cli = commandPrefix
        let grace = DurationParser.format(o.lostAfter)
        say("""

            ▶ Post-mortem of \(fleetVanishedHint), the instance that ran out of memory (open it in a browser):
              \(reportPath)
              \(cli) postmortem --data \(data) --lost-after \(grace) --instance \(fleetVanishedHint) --format md

            ▶ Try next (the collector has stopped; these read its data folder offline):
              \(cli) instances --data \(data) --state quarantined --lost-after \(grace)
              \(cli) instances --data \(data) \(fleetVanishedHint)
              \(cli) query --data \(data) --instance \(fleetVanishedHint) --severity warning
              \(cli) query --data \(data) --image \(o.canary) --severity err --grep "upstream timed out"
              \(cli) images --data \(data) --output json
            Run a real collector with `swift run iilogs-collector --data \(data)` and point agents at it (README.md);
            health verdicts come from a running collector's rule engine (what arrived since it started):
              \(cli) health --collector http://127.0.0.1:5171 --image \(o.canary) --baseline \(o.baseline)
            """)
        return verdicts
    }

    /// Prints what `iilogs health` prints for the canary against the baseline and for the baseline alone,
    /// read the way the command reads it (the collector's `GET /v1/images/V/health`), with the exit code.
    private func showHealth(collector: HostAndPort, say: @Sendable (String) -> Void) async throws -> Verdicts {
        let client = CollectorClient(endpoint: HTTPEndpoint(host: collector.host, port: collector.port))
        let canary = try await client.health(image: options.canary, baseline: options.baseline)
        say("$ iilogs health --image \(options.canary) --baseline \(options.baseline)   (the canary logs 5× the errors of the others)\n"
            + HealthReportRenderer.render(canary) + "→ exit code \(canary.exitCode) (\(canary.verdict)): a deploy pipeline stops the rollout here\n")
        let baseline = try await client.health(image: options.baseline)
        say("$ iilogs health --image \(options.baseline)\n" + HealthReportRenderer.render(baseline)
            + "→ exit code \(baseline.exitCode) (\(baseline.verdict))\n")
        return Verdicts(canary: canary, baseline: baseline)
    }

    /// Writes the HTML post-mortem of `instance` next to the data folder and returns its path.
    private func writePostmortem(of instance: String, source: any FleetDataSource) async throws -> String {
        var options = PostmortemAssembler.Options(now: .now())
        options.lastLines = 50
        options.metricWindow = .seconds(5 * 60)
        options.metricStep = .seconds(5)
        let report = try await PostmortemAssembler(source: source, sourceDescription: "data folder \(self.options.dataDirectory)",
                                                   options: options).assemble(instance: instance)
        let path = self.options.dataDirectory + "/postmortem-\(instance).html"
        try Data(PostmortemFormat.html.render(report).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }

    /// `swift run iilogs` when running from a build folder of a checkout, else `iilogs`.
    private var commandPrefix: String {
        CommandLine.arguments.first.map { $0.contains(".build/") } == true ? "swift run iilogs" : "iilogs"
    }

    private var fleetVanishedHint: String { DemoFleet.instanceID(image: options.fleet[1].image, index: 2) }
}
