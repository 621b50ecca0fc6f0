import Foundation
import IILogsAgent
import IILogsCollector
import IILogsCore
public import Logging
import ServiceLifecycle
import Synchronization

/// The demo's simulated fleet: one real ``Agent`` per instance (spool, batcher, shipper, lifecycle)
/// fed by a ``SimulatedAppSource``, shipping over loopback TCP to the collector. Only the instance that
/// dies logs OOM kills (the shipped `oom-kill` rule quarantines it); a canary image logs 5× the errors.
///
/// Each agent runs in its own ``ServiceGroup`` so one can be stopped gracefully (the SIGTERM path:
/// `terminating`, final flush, `shutdown`) while another is cancelled outright (it vanishes).
public final class DemoFleet: Sendable {
    public let collectorHost: String
    public let collectorPort: Int
    public let spoolRoot: String
    public let plan: [(image: String, instances: Int)]
    public let linesPerSecond: Int
    /// When the instance that will vanish starts to run out of memory.
    public let troubleAfter: Duration
    private let logger: Logger
    private let groups = Mutex<[String: ServiceGroup]>([:])
    private let vanishSignals = Mutex<[String: AsyncStream<Void>.Continuation]>([:])

    public init(collectorHost: String, collectorPort: Int, spoolRoot: String, plan: [(image: String, instances: Int)],
                linesPerSecond: Int, troubleAfter: Duration, logger: Logger) {
        self.troubleAfter = troubleAfter
        self.collectorHost = collectorHost
        self.collectorPort = collectorPort
        self.spoolRoot = spoolRoot
        self.plan = plan
        self.linesPerSecond = linesPerSecond
        self.logger = logger
    }

    /// Share of an ordinary instance's lines that are warnings or errors (about 0.8% end up at `err` or
    /// worse: below the health policy's 2% `degraded` line).
    public static let errorRate = 0.01
    /// The same for a canary image (one whose name contains "canary"): 5× the others, so the canary
    /// fails its comparison with a baseline image (error_rate High) while the baseline stays healthy.
    public static let canaryErrorRate = 0.05

    /// `i-<image>-NN`, stable so the demo can name its victims.
    public static func instanceID(image: String, index: Int) -> String {
        "i-\(image.filter { $0.isLetter || $0.isNumber })-\(index < 10 ? "0" : "")\(index)"
    }

    /// The instance destroyed cleanly and the one that vanishes (both of the second image).
    public var victims: (clean: String, vanished: String) {
        let image = plan[min(1, plan.count - 1)].image
        return (Self.instanceID(image: image, index: 1), Self.instanceID(image: image, index: 2))
    }

    /// Runs every agent until cancelled; returns when all have stopped.
    public func run() async {
        await withDiscardingTaskGroup { group in
            var seed: UInt64 = 7
            for (imageIndex, entry) in plan.enumerated() {
                let canary = entry.image.contains("canary")
                for index in 1...entry.instances {
                    seed &+= 1
                    let id = Self.instanceID(image: entry.image, index: index)
                    let agent = makeAgent(id: id, image: entry.image, seed: seed, errorRate: canary ? Self.canaryErrorRate : Self.errorRate,
                                          dying: id == victims.vanished, zone: ["a", "b", "c"][(index + imageIndex) % 3])
                    let serviceGroup = ServiceGroup(configuration: .init(services: [.init(service: AgentService(agent: agent))], logger: logger))
                    let (vanish, vanishContinuation) = AsyncStream.makeStream(of: Void.self)
                    groups.withLock { $0[id] = serviceGroup }
                    vanishSignals.withLock { $0[id] = vanishContinuation }
                    group.addTask {
                        await withTaskGroup(of: Void.self) { inner in
                            inner.addTask { try? await serviceGroup.run() }
                            inner.addTask { for await _ in vanish { return } }
                            await inner.next()  // the agent stopped, or it must vanish now
                            inner.cancelAll()
                        }
                    }
                }
            }
        }
    }

    /// The SIGTERM path for one instance; returns once its agent has drained and stopped.
    public func terminateCleanly(_ id: String) async {
        guard let group = groups.withLock({ $0[id] }) else { return }
        await group.triggerGracefulShutdown()
    }

    /// Stops one agent without a word: no `terminating`, no flush; its heartbeats just stop.
    public func vanish(_ id: String) {
        _ = vanishSignals.withLock { $0[id]?.yield() }
    }

    /// Gracefully stops every agent still running.
    public func stopAll() async {
        for group in groups.withLock({ Array($0.values) }) { await group.triggerGracefulShutdown() }
    }

    private func makeAgent(id: String, image: String, seed: UInt64, errorRate: Double, dying: Bool, zone: String) -> Agent {
        let identity = InstanceIdentity(instanceID: id, imageVersion: image, bootID: "boot-\(id)",
                                        labels: ["service": "shop", "zone": "eu-west-1\(zone)"])
        var settings = AgentSettings(collectorHost: collectorHost, collectorPort: collectorPort, identity: identity,
                                     spoolDirectory: "\(spoolRoot)/\(id)")
        settings.heartbeatInterval = .seconds(1)
        settings.drainDeadline = .seconds(5)
        let hostname = "ip-10-0-\(seed % 250)"
        let rate = linesPerSecond
        let trouble = troubleAfter
        let finalWords: [LogRecord.Template] = dying ? [
            .init(severity: .warning, app: "app", message: "level=warn msg=\"heap usage high\" used_mb=3900 limit_mb=4096"),
            .init(severity: .critical, app: "kernel", message: "Out of memory: Killed process 2048 (app) total-vm:4194304kB, anon-rss:3993600kB"),
            .init(severity: .error, app: "systemd", message: "app.service: Main process exited, code=killed, status=9/KILL"),
        ] : []
        var agentLogger = logger
        agentLogger[metadataKey: "instance"] = "\(id)"
        return Agent(settings: settings, logger: agentLogger) { sink, _ in
            [SimulatedAppSource(sink: sink, hostname: hostname, linesPerSecond: rate,
                                workload: FleetWorkload(seed: seed, errorRate: errorRate, oomKills: false), finalWords: finalWords,
                                troubleAfter: dying ? trouble : nil)]
        }
    }
}

/// Runs an ``Agent`` as one service of a group.
struct AgentService: Service {
    let agent: Agent
    func run() async throws {
        try await agent.run()
    }
}
