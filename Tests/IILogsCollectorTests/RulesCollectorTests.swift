import Foundation
import IILogsCore
import IILogsStore
import IILogsTesting
import Logging
import ServiceLifecycle
import Testing
@testable import IILogsCollector

/// The rules wired into a whole collector: real TCP agent path, real SQLite store, HTTP API, webhooks, CLI.
@Suite struct RulesCollectorTests {
    static let secret = "rules-test-secret-0123456789"

    /// A collector on port 0 over a fresh SQLite store, ticking rules and checking image verdicts every 100 ms.
    static func withCollector<T: Sendable>(webhookPort: Int? = nil, actions: ActionSettings = ActionSettings(), syslog: Bool = false,
                                           _ body: @Sendable (CollectorAddresses, Collector) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-rules-\(UInt64.random(in: 0...UInt64.max))")
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = CollectorSettings(dataDirectory: directory.path, agentListen: HostAndPort(host: "127.0.0.1", port: 0),
                                         httpListen: HostAndPort(host: "127.0.0.1", port: 0))
        settings.rulesTickInterval = .milliseconds(100)
        settings.verdictInterval = .milliseconds(100)
        settings.actions = actions
        if syslog { settings.syslogTCPListen = HostAndPort(host: "127.0.0.1", port: 0) }
        if let webhookPort {
            settings.webhooks = WebhookSettings(endpoints: [WebhookEndpointSettings(url: "http://127.0.0.1:\(webhookPort)/hook", secret: secret)],
                                                retry: RetryPolicy(maxAttempts: 10, minBackoff: .milliseconds(10), maxBackoff: .milliseconds(40)))
        }
        let store = try SQLiteStore(directory: directory.path, synchronous: .normal, logger: Logger(label: "test"))
        let collector = Collector(settings: settings, store: store, logger: Logger(label: "test"))
        let group = ServiceGroup(configuration: .init(services: [collector], logger: Logger(label: "test")))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                let result = try await body(try await collector.addresses(), collector)
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                tasks.cancelAll()
                throw error
            }
        }
    }

    /// Sends one batch of `lines` as an agent of `instance` and waits for its ack.
    static func send(_ lines: [LogRecord], instance: String, image: String, to address: HostAndPort,
                     events: [LifecycleEvent] = []) async throws {
        let identity = InstanceIdentity(instanceID: instance, imageVersion: image, bootID: "boot-1")
        let batch = Batch(instanceID: instance, sequence: 1, logs: LogBlockCodec.encode(lines), events: events)
        let replies = try await TestAgent.connect(to: address).exchange([TestAgent.hello(identity), .batch(batch)], replies: 2)
        #expect(replies.last == .ack(Ack(sequence: 1)), "batch of \(instance) not acknowledged: \(replies)")
    }

    /// Benign noise: info and warning lines of nginx, app and systemd, one every 100 ms before `end`.
    static func noise(_ count: Int, endingAt end: Timestamp, errors: Int = 0) -> [LogRecord] {
        (0..<count).map { i in
            let time = Timestamp(nanosecondsSinceEpoch: end.nanosecondsSinceEpoch - Int64(count - i) * 100_000_000)
            if i < errors { return LogRecord(time: time, severity: .error, app: "app", message: "request \(i) failed: upstream timeout") }
            switch i % 4 {
            case 0: return LogRecord(time: time, severity: .info, app: "nginx", message: "GET /health 200 0.002")
            case 1: return LogRecord(time: time, severity: .warning, app: "app", message: "slow query took 812ms")
            case 2: return LogRecord(time: time, severity: .info, app: "systemd", message: "Started Daily apt download activities.")
            default: return LogRecord(time: time, severity: .notice, app: "kernel", message: "eth0: link up, 1000Mbps")
            }
        }
    }

    @Test func oomAndSilentDeathAreQuarantinedOthersNotAndWebhookGetsFlagsAfterFailures() async throws {
        // The receiver answers 500 to the first two attempts of each delivery, then 200.
        try await WebhookTestReceiver.with(respond: { _, previous in previous < 2 ? 500 : 200 }) { receiver in
            try await Self.withCollector(webhookPort: receiver.port) { addresses, collector in
                let http = HTTPTestClient(address: addresses.http)
                let now = Timestamp.now()
                // Given five normal instances, one whose kernel OOM-kills a process, one that went silent 5 minutes ago
                for n in 0..<5 {
                    try await Self.send(Self.noise(200, endingAt: now), instance: "i-normal-\(n)", image: "v1", to: addresses.agents)
                }
                let oomText = "Out of memory: Killed process 4242 (java) total-vm:8123456kB, anon-rss:7000000kB"
                var oomLines = Self.noise(100, endingAt: now)
                let oomTime = Timestamp(nanosecondsSinceEpoch: oomLines[50].time.nanosecondsSinceEpoch + 50_000_000)
                oomLines.insert(LogRecord(time: oomTime, severity: .error, app: "kernel", message: oomText), at: 51)
                try await Self.send(oomLines, instance: "i-oom", image: "v1", to: addresses.agents)
                // (heard 5 minutes ago: stored and observed as ingest does, with the reception back-dated; lines that
                // are old but arrive now are a spool replay, not silence)
                let fiveMinutesAgo = Timestamp(nanosecondsSinceEpoch: now.nanosecondsSinceEpoch - 300_000_000_000)
                let silent = IngestBatch(identity: InstanceIdentity(instanceID: "i-silent", imageVersion: "v1", bootID: "boot-1"),
                                         stream: StreamPosition(streamID: 1, sequence: 1), receivedAt: fiveMinutesAgo,
                                         logs: LogBlockCodec.encode(Self.noise(50, endingAt: fiveMinutesAgo)),
                                         receivedBy: collector.settings.collectorID)
                #expect(try await collector.store.append(silent) == .stored)
                let evaluator = try #require(collector.evaluator)
                await evaluator.observe(silent.identity, scanned: evaluator.scan(silent))

                // When the rules have had several ticks
                var flags: [APIFlag] = []
                for _ in 0..<300 {
                    flags = try await http.get("/v1/quarantine").decode(APIFlagsResponse.self).flags
                    if flags.count >= 2 { break }
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await Task.sleep(for: .milliseconds(400))
                flags = try await http.get("/v1/quarantine").decode(APIFlagsResponse.self).flags
                let all = try await http.get("/v1/quarantine?all=true").decode(APIFlagsResponse.self).flags

                // Then exactly the OOM instance and the silent one are flagged, nothing else (not even a warning)
                #expect(Set(flags.map(\.instance)) == ["i-oom", "i-silent"])
                #expect(flags.count == 2)
                #expect(all.count == 2)
                let oom = try #require(flags.first { $0.instance == "i-oom" })
                #expect(oom.rule == "oom-kill")
                #expect(oom.action == "quarantine")
                #expect(oom.reason.contains("of memory: Killed process"))
                let lost = try #require(flags.first { $0.instance == "i-silent" })
                #expect(lost.rule == "instance-lost")
                #expect(lost.reason.contains("nothing heard for"))

                // And the evidence resolves to the stored line
                let evidence = try #require(oom.evidence.first)
                #expect(evidence.kind == "log")
                #expect(evidence.text == oomText)
                #expect(evidence.offset == 51)
                #expect(evidence.time == RFC3339.format(oomTime))
                let found = try await http.get("/v1/logs?instance=i-oom&since=\(evidence.time)&keep=oldest&limit=1").decode(APILogsResponse.self)
                #expect(found.lines.first?.message == oomText)

                // And the registry says quarantined
                #expect(try await http.get("/v1/instances/i-oom").decode(APIInstance.self).state == "quarantined")
                #expect(try await http.get("/v1/instances/i-normal-0").decode(APIInstance.self).state == "running")

                // And the webhook receiver got both flags once its failures were retried
                let delivered = await eventually() {
                    let ok = receiver.received.filter { $0.status == 200 }
                    return Set(ok.compactMap { try? JSONDecoder().decode(ActionNotification.self, from: Data($0.body)).instanceID }) == ["i-oom", "i-silent"]
                }
                #expect(delivered)
                #expect(receiver.received.filter { $0.status == 500 }.count >= 4)
                let notifications = receiver.received.filter { $0.status == 200 }.compactMap { try? JSONDecoder().decode(ActionNotification.self, from: Data($0.body)) }
                #expect(notifications.first { $0.instanceID == "i-oom" }?.rule == "oom-kill")
                #expect(notifications.first { $0.instanceID == "i-oom" }?.evidence == [oomText])

                // When an operator releases the OOM instance (a reason is required)
                #expect(try await http.post("/v1/quarantine/i-oom/release", json: #"{"reason": ""}"#).status == 400)
                #expect(try await http.post("/v1/quarantine/i-nobody/release", json: #"{"reason": "x"}"#).status == 404)
                let released = try await http.post("/v1/quarantine/i-oom/release", json: #"{"reason": "heap raised, redeployed"}"#)
                #expect(released.status == 200)
                let answer = try released.decode(APIReleaseResponse.self)
                #expect(answer.released.map(\.rule) == ["oom-kill"])

                // Then it is no longer quarantined and no longer listed; a second release finds nothing
                #expect(answer.state == "running")
                #expect(try await http.get("/v1/instances/i-oom").decode(APIInstance.self).state == "running")
                #expect(try await http.get("/v1/quarantine").decode(APIFlagsResponse.self).flags.map(\.instance) == ["i-silent"])
                let shown = try await http.get("/v1/quarantine/i-oom").decode(APIInstanceFlagsResponse.self)
                #expect(shown.flags.first?.releaseReason == "heap raised, redeployed")
                #expect(try await http.post("/v1/quarantine/i-oom/release", json: #"{"reason": "again"}"#).status == 409)
            }
        }
    }

    @Test func crashLoopAndFillingDiskAreFlaggedWithTheirReasonsAndTheCLIListsAndReleases() async throws {
        try await Self.withCollector { addresses, _ in
            let http = HTTPTestClient(address: addresses.http)
            let now = Timestamp.now()
            func ago(_ seconds: Int64) -> Timestamp { Timestamp(nanosecondsSinceEpoch: now.nanosecondsSinceEpoch - seconds * 1_000_000_000) }
            // Given three normal instances, one whose orders.service restarts 5 times in 4 minutes, and one whose
            // root disk is above 95% for 6 minutes (samples every 30 s)
            for n in 0..<3 {
                try await Self.send(Self.noise(100, endingAt: now), instance: "i-ok-\(n)", image: "v1", to: addresses.agents)
            }
            var looping = Self.noise(50, endingAt: ago(300))
            for k in 1...5 {
                looping.append(LogRecord(time: ago(300 - Int64(k) * 50), severity: .info, app: "systemd",
                                         message: "orders.service: Scheduled restart job, restart counter is at \(k)."))
            }
            looping += Self.noise(20, endingAt: now)
            try await Self.send(looping, instance: "i-loop", image: "v1", to: addresses.agents)
            let identity = InstanceIdentity(instanceID: "i-disk", imageVersion: "v1", bootID: "boot-1")
            let samples = (0...12).map { k in
                MetricSample(time: ago(360 - Int64(k) * 30), name: "disk.used_fraction", value: 0.955 + Double(k) * 0.002,
                             labels: [LogField("mount", "/")])
            }
            let batch = Batch(instanceID: "i-disk", sequence: 1, logs: LogBlockCodec.encode(Self.noise(20, endingAt: now)), metrics: samples)
            let replies = try await TestAgent.connect(to: addresses.agents).exchange([TestAgent.hello(identity), .batch(batch)], replies: 2)
            #expect(replies.last == .ack(Ack(sequence: 1)))

            // When the rules have run
            var flags: [APIFlag] = []
            for _ in 0..<300 {
                flags = try await http.get("/v1/quarantine?all=true").decode(APIFlagsResponse.self).flags
                if flags.count >= 2 { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(300))
            flags = try await http.get("/v1/quarantine?all=true").decode(APIFlagsResponse.self).flags

            // Then exactly these two are flagged: the crash loop quarantined (key = the service), the disk warned
            #expect(flags.count == 2)
            let loop = try #require(flags.first { $0.instance == "i-loop" })
            #expect(loop.rule == "crash-loop")
            #expect(loop.action == "quarantine")
            #expect(loop.key == "orders.service")
            #expect(loop.reason.contains("restarted 5 times"))
            #expect(loop.evidence.count == 5)
            let disk = try #require(flags.first { $0.instance == "i-disk" })
            #expect(disk.rule == "disk-nearly-full")
            #expect(disk.action == "warn")
            #expect(disk.key == "mount=/")
            #expect(disk.evidence.allSatisfy { $0.kind == "metric" })
            #expect(try await http.get("/v1/quarantine").decode(APIFlagsResponse.self).flags.map(\.instance) == ["i-loop"])

            // And the CLI lists the quarantine and releases it
            let cli = try BuiltProducts.path(of: "iilogs")
            let url = "http://127.0.0.1:\(addresses.http.port)"
            let list = try RunningProcess(cli, ["quarantine", "list", "--collector", url])
            #expect(try await list.waitForExit() == 0, "\(list.transcript)")
            #expect(list.stdoutLines.contains { $0.contains("i-loop") && $0.contains("crash-loop") })
            let release = try RunningProcess(cli, ["quarantine", "release", "i-loop", "--reason", "fixed the unit", "--collector", url])
            #expect(try await release.waitForExit() == 0, "\(release.transcript)")
            #expect(release.stdoutLines.first == "released 1 flag(s) of i-loop; state now running")
            let missing = try RunningProcess(cli, ["quarantine", "release", "i-loop", "--collector", url])
            #expect(try await missing.waitForExit() != 0, "--reason is required")
        }
    }

    @Test func flagCommandRunsWithTheInstanceIdentityAndItsResultIsRecordedOnTheFlag() async throws {
        let command = CommandActionSettings(argv: ["/bin/sh", "-c", "echo standby $IILOGS_INSTANCE_ID $IILOGS_RULE; exit 3"])
        try await Self.withCollector(actions: ActionSettings(commands: [command])) { addresses, _ in
            let http = HTTPTestClient(address: addresses.http)
            let panic = LogRecord(time: .now(), severity: .emergency, app: "kernel", message: "Kernel panic - not syncing: Fatal exception")
            try await Self.send([panic], instance: "i-panic", image: "v1", to: addresses.agents)
            var flag: APIFlag?
            for _ in 0..<300 {
                flag = try await http.get("/v1/quarantine/i-panic").decode(APIInstanceFlagsResponse.self).flags.first
                if flag?.actionResults.isEmpty == false { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let run = try #require(flag?.actionResults.first)
            #expect(flag?.rule == "kernel-panic")
            #expect(run.argv.first == "/bin/sh")
            #expect(run.exitStatus == 3)
            #expect(run.output == "standby i-panic kernel-panic\n")
        }
    }

    @Test func plainSyslogLinesAreEvaluatedToo() async throws {
        try await Self.withCollector(syslog: true) { addresses, _ in
            let port = try #require(addresses.syslogTCP?.port)
            let time = String(RFC3339.format(.now()).prefix(19)) + "Z"
            func line(_ instance: String, _ app: String, _ message: String) -> [UInt8] {
                SyslogSender.octetCounted("<2>1 \(time) host \(app) - - [iilogs@53595 instance=\"\(instance)\" image=\"v1\"] \(message)")
            }
            // Given a syslog sender with an OOM kill and one with ordinary lines
            try SyslogSender.sendTCP(host: "127.0.0.1", port: port,
                                     line("i-sys-oom", "kernel", "Out of memory: Killed process 77 (php-fpm)") + line("i-sys-ok", "nginx", "GET / 200"))
            // Then the OOM one is quarantined once its block is stored (on connection close), the other not
            let http = HTTPTestClient(address: addresses.http)
            var flags: [APIFlag] = []
            for _ in 0..<300 {
                flags = try await http.get("/v1/quarantine?all=true").decode(APIFlagsResponse.self).flags
                if !flags.isEmpty { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(300))
            flags = try await http.get("/v1/quarantine?all=true").decode(APIFlagsResponse.self).flags
            #expect(flags.map(\.instance) == ["i-sys-oom"])
            #expect(flags.first?.rule == "oom-kill")
            #expect(flags.first?.evidence.first?.source == 0)
        }
    }

    @Test func fiveTimesTheBaselineErrorRateFailsTheGateAndTheCLIExitCodes() async throws {
        try await Self.withCollector { addresses, _ in
            let http = HTTPTestClient(address: addresses.http)
            let now = Timestamp.now()
            // Given image v1 with ~1% error lines and v2 with ~5%, eight instances each
            for n in 0..<8 {
                let baseErrors = 1 + n % 3
                try await Self.send(Self.noise(200, endingAt: now, errors: 2 * baseErrors), instance: "i-v1-\(n)", image: "v1", to: addresses.agents)
                try await Self.send(Self.noise(200, endingAt: now, errors: 10 * baseErrors), instance: "i-v2-\(n)", image: "v2", to: addresses.agents)
            }

            // Then v2 against v1 fails (error_rate High), the gate answers 503; v1 is healthy and its gate 200
            let failing = try await http.get("/v1/images/v2/health?baseline=v1")
            #expect(failing.status == 200)
            let report = try failing.decode(APIImageHealth.self)
            #expect(report.verdict == "failing")
            #expect(report.exitCode == 1)
            #expect(report.metrics.first { $0.name == "error_rate" }?.classification == "High")
            #expect(report.instances.total == 8)
            #expect(report.registry?["running"] == 8)
            #expect(try await http.get("/v1/images/v2/gate?baseline=v1").status == 503)
            #expect(try await http.get("/v1/images/v1/gate").status == 200)
            #expect(try await http.get("/v1/images/v1/health").decode(APIImageHealth.self).verdict == "healthy")
            #expect(try await http.get("/v1/images/v2/health?bogus=1").status == 400)

            // And the CLI exits 0 healthy, 1 failing, 2 degraded (v2 alone: 5% errors is above the 2% degraded line)
            let cli = try BuiltProducts.path(of: "iilogs")
            let url = "http://127.0.0.1:\(addresses.http.port)"
            for (arguments, expected) in [(["--image", "v1"], Int32(0)), (["--image", "v2", "--baseline", "v1"], 1), (["--image", "v2"], 2)] {
                let process = try RunningProcess(cli, ["health", "--collector", url] + arguments)
                let status = try await process.waitForExit(timeout: .seconds(30))
                #expect(status == expected, "iilogs health \(arguments): \(process.transcript)")
                if expected == 1 { #expect(process.stdoutLines.first?.contains("FAILING") == true) }
            }
        }
    }

    @Test func anImageDrivenToFailingIsAnnouncedOnceSignedAndItsRecoveryToo() async throws {
        try await WebhookTestReceiver.with(respond: { _, _ in 200 }) { receiver in
            try await Self.withCollector(webhookPort: receiver.port) { addresses, _ in
                // The image_verdict_changed deliveries the receiver answered, deduplicated by id (at least once)
                let verdictChanges: @Sendable () throws -> [(request: WebhookTestReceiver.Request, notification: ActionNotification)] = {
                    var seen: Set<String> = []
                    return try receiver.received.filter { $0.headers["x-iilogs-event"] == "image_verdict_changed" }.compactMap { request in
                        let notification = try JSONDecoder().decode(ActionNotification.self, from: Data(request.body))
                        return seen.insert(notification.id).inserted ? (request, notification) : nil  // deduplicate by id
                    }
                }
                let now = Timestamp.now()
                // Given a healthy image v1 and an image v2 whose four instances log 20% error lines
                for n in 0..<4 {
                    try await Self.send(Self.noise(200, endingAt: now), instance: "i-v1-\(n)", image: "v1", to: addresses.agents)
                    try await Self.send(Self.noise(200, endingAt: now, errors: 40), instance: "i-v2-\(n)", image: "v2", to: addresses.agents)
                }
                // When the verdict watcher has had several passes (every 100 ms)
                #expect(await eventually() { ((try? verdictChanges()) ?? []).contains { $0.notification.image == "v2" } })
                try await Task.sleep(for: .milliseconds(600))

                // Then the receiver got exactly one image_verdict_changed: v2 failing, first sight, signed; nothing for healthy v1
                let changes = try verdictChanges()
                #expect(changes.map(\.notification.id) == ["verdict-v2-1"])
                let failing = try #require(changes.first)
                #expect(failing.notification.kind == .imageVerdictChanged)
                #expect(failing.notification.verdict == "failing")
                #expect(failing.notification.previousVerdict == nil)
                #expect(failing.notification.reason.contains("error rate 20%"))
                #expect(failing.request.headers["x-iilogs-delivery"] == "verdict-v2-1")
                let signature = try #require(failing.request.headers["x-iilogs-signature"])
                #expect(WebhookSignature.verify(header: signature, secret: Self.secret, body: failing.request.body))
                #expect(!WebhookSignature.verify(header: signature, secret: Self.secret + "x", body: failing.request.body))
                let http = HTTPTestClient(address: addresses.http)
                #expect(try await http.get("/v1/images/v2/health").decode(APIImageHealth.self).verdict == "failing")

                // When a fifth v2 instance logs 20,000 clean lines (v2's error rate falls to 0.8%)
                try await Self.send(Self.noise(20_000, endingAt: now), instance: "i-v2-clean", image: "v2", to: addresses.agents)

                // Then a second notification says v2 is healthy again, after failing
                #expect(await eventually() { ((try? verdictChanges()) ?? []).count >= 2 })
                try await Task.sleep(for: .milliseconds(400))
                let recovered = try verdictChanges().map(\.notification)
                #expect(recovered.map(\.id) == ["verdict-v2-1", "verdict-v2-2"])
                #expect(recovered.last?.verdict == "healthy")
                #expect(recovered.last?.previousVerdict == "failing")
            }
        }
    }

    @Test func noRulesMeansNoEvaluatorAndHealthAnswers503() async throws {
        var settings = CollectorSettings(agentListen: HostAndPort(host: "127.0.0.1", port: 0), httpListen: HostAndPort(host: "127.0.0.1", port: 0))
        settings.disableRules()
        let store = InMemoryLogStore()
        let collector = Collector(settings: settings, store: store, logger: Logger(label: "test"))
        #expect(collector.evaluator == nil)
        let group = ServiceGroup(configuration: .init(services: [collector], logger: Logger(label: "test")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let addresses = try await collector.addresses()
            let oom = LogRecord(time: .now(), severity: .error, app: "kernel", message: "Out of memory: Killed process 1 (x)")
            try await Self.send([oom], instance: "i-1", image: "v1", to: addresses.agents)
            let http = HTTPTestClient(address: addresses.http)
            #expect(try await http.get("/v1/images/v1/health").status == 503)
            #expect(try await http.get("/v1/quarantine").decode(APIFlagsResponse.self).flags.isEmpty)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func aBadRuleFileIsRefusedNamingRuleAndField() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-rulefile-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("rules.yaml").path
        try "rules:\n  - name: disk\n    kind: metric_threshold\n    action: warn\n    metric: disk.used_fraction\n    above: 0.9\n    for: 5 minutes\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        var settings = CollectorSettings()
        #expect {
            try settings.loadRules(file: path)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("--rules") && text.contains("(disk)") && text.contains("rules[0].for")
        }
        #expect(throws: SettingsError.self) { try settings.loadRules(file: path + ".missing") }
        #expect(settings.rules == CollectorSettings().rules, "a refused file leaves the rules as they were")
    }
}
