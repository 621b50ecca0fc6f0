import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// "Nothing lost, nobody in": the real executables under faults, each case counting lines sent,
/// acknowledged (stored), found, lost and duplicated, printed as one `fault <case>: …` line (``FaultCounts``).
///
/// Every line carries `seq=N`; the expectation of every case is zero acknowledged lines lost and zero
/// duplicates. Each case is bounded in rounds and time: the collector outage lasts two minutes (long enough for
/// the agents' reconnect backoff to reach its 30 s cap), the other cases well under a minute.
@Suite(.serialized) struct FaultSuiteTests {
    /// Three agents write a bounded stream while the collector is SIGKILLed five times, each time restarted
    /// on the same ports and data after a short pause; agents keep spooling and catch up.
    @Test func collectorKilledRepeatedlyUnderLoad() async throws {
        let folder = try TemporaryDirectory(prefix: "fault-collector-kills")
        defer { folder.remove() }
        let data = folder.file("data")
        var collector = try await CollectorUnderTest.start(data: data)
        defer { collector.process.signal(SIGKILL) }
        let instances = ["i-fault-ck-a", "i-fault-ck-b", "i-fault-ck-c"]
        var agents: [RunningProcess] = []
        defer { for agent in agents { agent.signal(SIGKILL) } }
        for instance in instances {
            agents.append(try await startTailingAgent(collector: collector.agentAddress, instance: instance,
                                                      log: folder.file("\(instance).log"), folder: folder))
        }

        var written = 0
        var kills = 0
        for round in 0..<40 {
            for instance in instances {
                try appendLines(numberedLines(instance, from: written, count: 50), to: folder.file("\(instance).log"))
            }
            written += 50
            try await Task.sleep(for: .milliseconds(40))
            if round % 8 == 3 {
                collector.process.signal(SIGKILL)
                _ = try await collector.process.waitForExit()
                kills += 1
            }
            if round % 8 == 6 { collector = try await restartCollector(collector, data: data) }
        }
        if !collector.process.isRunning { collector = try await restartCollector(collector, data: data) }

        var parts: [FaultCounts] = []
        for instance in instances {
            parts.append(try await countLines("collector-sigkill", collector, instance: instance, sent: written))
        }
        FaultCounts.combined("collector-sigkill", parts, note: "\(instances.count) agents, collector SIGKILLed \(kills) times").report()
    }

    /// The collector is down for two minutes while two agents keep writing and spooling (their reconnect backoff
    /// reaches its 30 s cap); once it is back they ship everything, each line once.
    @Test func collectorDownWhileAgentsSpoolThenBack() async throws {
        let folder = try TemporaryDirectory(prefix: "fault-collector-down")
        defer { folder.remove() }
        let data = folder.file("data")
        var collector = try await CollectorUnderTest.start(data: data)
        defer { collector.process.signal(SIGKILL) }
        let instances = ["i-fault-down-a", "i-fault-down-b"]
        var agents: [RunningProcess] = []
        defer { for agent in agents { agent.signal(SIGKILL) } }
        for instance in instances {
            agents.append(try await startTailingAgent(collector: collector.agentAddress, instance: instance,
                                                      log: folder.file("\(instance).log"), folder: folder))
        }
        var written = 0
        func write(_ count: Int) throws {
            for instance in instances {
                try appendLines(numberedLines(instance, from: written, count: count), to: folder.file("\(instance).log"))
            }
            written += count
        }
        try write(200)
        for instance in instances { try await waitForStoredLines(collector, instance: instance, atLeast: 200) }

        await collector.process.terminateAndWait()
        let downFor = ContinuousClock.now
        for _ in 0..<60 {
            try write(100)
            try await Task.sleep(for: .seconds(2))
        }
        let outage = ContinuousClock.now - downFor
        collector = try await restartCollector(collector, data: data)
        try write(200)

        var parts: [FaultCounts] = []
        for instance in instances {
            parts.append(try await countLines("collector-down", collector, instance: instance, sent: written, timeout: .seconds(60)))
        }
        let seconds = Int(outage.components.seconds)
        FaultCounts.combined("collector-down", parts, note: "\(instances.count) agents, collector down \(seconds)s").report()
    }

    /// The agent is SIGKILLed right after bursts of lines (mid-batch: lines read but not yet spooled, batches
    /// spooled but not yet acknowledged) three times, and restarted on the same spool each time.
    @Test func agentKilledMidBatchAndRestarted() async throws {
        let folder = try TemporaryDirectory(prefix: "fault-agent-kills")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }
        let instance = "i-fault-ak"
        let log = folder.file("app.log")
        var agent = try await startTailingAgent(collector: collector.agentAddress, instance: instance, log: log, folder: folder)
        defer { agent.signal(SIGKILL) }

        var written = 0
        var kills = 0
        for round in 0..<12 {
            try appendLines(numberedLines(instance, from: written, count: 400), to: log)
            written += 400
            if round % 4 == 2 {
                try await Task.sleep(for: .milliseconds(Int.random(in: 50...600)))  // somewhere inside reading, batching, shipping
                agent.signal(SIGKILL)
                _ = try await agent.waitForExit()
                kills += 1
                agent = try await startTailingAgent(collector: collector.agentAddress, instance: instance, log: log, folder: folder)
            } else {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        try await countLines("agent-sigkill", collector, instance: instance, sent: written,
                             note: "agent SIGKILLed \(kills) times mid-batch").report()
    }

    /// A 1 MiB spool and no way to the collector (the proxy is cut) while the agent reads more lines than
    /// fit: the oldest segments are dropped and counted; once the link is back the rest ships, the drop
    /// count travels with every batch and `iilogs instances` shows it. Every acknowledged line is found once,
    /// and they are the newest ones (drops are oldest first).
    @Test func spoolFullDropsTheOldestAndShipsTheDropCount() async throws {
        let folder = try TemporaryDirectory(prefix: "fault-spool-full")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }
        let proxy = try FaultProxy(targetPort: collector.agentPort)
        defer { proxy.stop() }
        proxy.cut()
        let instance = "i-fault-spool-full"
        let log = folder.file("app.log")
        // One heartbeat an hour: the records the spool counts are then the lines plus a few lifecycle events.
        let agent = try await startTailingAgent(collector: proxy.address, instance: instance, log: log, folder: folder,
                                                extra: ["--spool-max-mib", "1", "--heartbeat", "1h"])
        defer { agent.signal(SIGKILL) }

        // About 4 MB of lines that do not compress well: several times what the spool holds.
        let sent = 24_000
        for start in stride(from: 0, to: sent, by: 4_000) {
            try appendLines(numberedLines(instance, from: start, count: 4_000, noise: 120), to: log)
        }
        _ = try await agent.waitForLine(containing: "spool full; dropped the oldest segment", timeout: .seconds(60))
        // The link comes back while the agent still reads and drops: segments are dropped while their entries
        // are in flight, and those the collector stores must not be counted as dropped.
        proxy.restore()

        // Every line ends either stored or counted as dropped; the newest line arrives last.
        let newest = try await waitFor("the newest line of \(instance)", timeout: .seconds(60), {
            try await queryAll(collector, instance: instance, extra: ["--limit", "1"])
        }, until: { sequenceNumbers($0, prefix: instance) == [sent - 1] })
        try #require(sequenceNumbers(newest, prefix: instance) == [sent - 1])
        // The drop count travels with the agent's next batch: segments dropped while their entries were in
        // flight are settled when the ack arrives, after the batch that carried the newest line. One more line
        // (another prefix, not counted in `sent`) makes the agent ship the settled count.
        try appendLines(["settle-drop-count"], to: log)
        _ = try await waitFor("the line after the newest", timeout: .seconds(60), {
            try await queryAll(collector, instance: instance, extra: ["--limit", "1"])
        }, until: { $0.last?.message == "settle-drop-count" })
        let delivery = try await instanceDetail(collector, instance: instance).delivery
        let dropped = delivery.agentDroppedRecords
        let lines = try await queryAll(collector, instance: instance)
        let found = sequenceNumbers(lines, prefix: instance)
        let drops = (agent.stdoutLines + agent.stderrLines).filter { $0.contains("dropped") }.suffix(20).joined(separator: "\n")
        let acknowledged = delivery.lines - 1  // less the settling line
        let counts = FaultCounts("spool-full", sent: sent, acknowledged: acknowledged, found: found,
                                 expected: Set((sent - acknowledged)..<sent), note: "spool 1 MiB, dropped \(dropped) records (spool_full)")
        counts.report()
        #expect(dropped > 0, "the spool never filled")
        // Records are lines plus a handful of lifecycle events (boot, start…), which may be dropped too.
        #expect((0...5).contains(found.count + dropped - sent), "sent \(sent) = found \(found.count) + dropped \(dropped) - events\n\(drops)")
        #expect(found.first == sent - found.count && found.last == sent - 1 && Set(found).count == found.count,
                "the dropped lines are the oldest: found \(found.first ?? -1)...\(found.last ?? -1)")
        let table = try await runCLI(["instances", "--collector", collector.httpURL])
        let row = try #require(table.first { $0.hasPrefix(instance) }, "\(table)")
        #expect(row.split(separator: " ").contains(Substring(String(dropped))), "DROPPED column: \(row)")
    }

    /// The collector's data folder is a 4 MiB tmpfs: once it is full, batches are refused
    /// (`store_unavailable`, counted) and stay in the agent's spool; the store is not corrupted; once the
    /// filesystem grows (remount with a larger size) ingest resumes and every line arrives once.
    /// Needs root to mount (CI runs as root); without it the case fails with mount's message.
    @Test func collectorDiskFullPausesIngestThenResumes() async throws {
        let folder = try TemporaryDirectory(prefix: "fault-disk-full")
        defer { folder.remove() }
        let mountPoint = folder.file("small-fs")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        try await runTool("/bin/mount", ["-t", "tmpfs", "-o", "size=4m", "iilogs-fault-test", mountPoint])
        defer { runToolSync("/bin/umount", ["-l", mountPoint]) }
        let data = mountPoint + "/data"
        var collector = try await CollectorUnderTest.start(data: data)
        defer { collector.process.signal(SIGKILL) }
        let instance = "i-fault-disk-full"
        let log = folder.file("app.log")
        let agent = try await startTailingAgent(collector: collector.agentAddress, instance: instance, log: log, folder: folder)
        defer { agent.signal(SIGKILL) }

        var written = 0
        var full = false
        for _ in 0..<40 where !full {
            try appendLines(numberedLines(instance, from: written, count: 2_000, noise: 200), to: log)
            written += 2_000
            try await Task.sleep(for: .milliseconds(500))
            full = (collector.process.stdoutLines + collector.process.stderrLines).contains { $0.contains("store_unavailable") }
        }
        try #require(full, "the 4 MiB store never filled after \(written) lines\n\(collector.process.transcript)")
        #expect(collector.process.isRunning, "the collector survives a full disk")
        // Reads still work while writes are refused.
        let duringOutage = try await queryAll(collector, instance: instance)
        let storedBefore = duringOutage.count
        try appendLines(numberedLines(instance, from: written, count: 1_000, noise: 200), to: log)
        written += 1_000
        try await Task.sleep(for: .seconds(2))

        try await runTool("/bin/mount", ["-o", "remount,size=256m", mountPoint])
        let counts = try await countLines("collector-disk-full", collector, instance: instance, sent: written, timeout: .seconds(60))
        let refusals = (collector.process.stdoutLines + collector.process.stderrLines).count { $0.contains("store_unavailable") }
        var reported = counts
        reported.note = "4 MiB tmpfs, \(storedBefore) lines stored before it filled, \(refusals) store_unavailable refusals"
        reported.report()
        #expect(refusals > 0)

        // No corruption: SQLite's own check on the database once the collector is stopped.
        await collector.process.terminateAndWait()
        let check = try await runTool("/usr/bin/sqlite3", [data + "/iilogs.sqlite", "PRAGMA integrity_check"])
        #expect(check == ["ok"])
        collector = try await restartCollector(collector, data: data)
        #expect(try await queryAll(collector, instance: instance).count == written, "all lines readable after a restart")
    }

    /// The agent's spool segment is damaged while the agent is stopped (bytes flipped in the middle, as a
    /// bad disk block would): on start the agent moves the segment aside as `*.corrupt`, keeps its valid
    /// prefix, counts it, and ships; the file tail resumes from the last good entry's checkpoint, so the
    /// lines of the damaged entries are read again: nothing is lost and nothing repeated.
    @Test func corruptSpoolSegmentIsMovedAsideAndTheAgentShipsTheRest() async throws {
        let folder = try TemporaryDirectory(prefix: "fault-spool-corrupt")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }
        let proxy = try FaultProxy(targetPort: collector.agentPort)
        defer { proxy.stop() }
        proxy.cut()  // everything stays in the spool
        let instance = "i-fault-spool-corrupt"
        let log = folder.file("app.log")
        var agent = try await startTailingAgent(collector: proxy.address, instance: instance, log: log, folder: folder,
                                                extra: ["--flush-interval", "100ms"])
        defer { agent.signal(SIGKILL) }
        var written = 0
        for _ in 0..<10 {
            try appendLines(numberedLines(instance, from: written, count: 300), to: log)
            written += 300
            try await Task.sleep(for: .milliseconds(300))
        }
        try await Task.sleep(for: .seconds(1))
        agent.signal(SIGKILL)
        _ = try await agent.waitForExit()

        let spool = folder.file("spool-\(instance)")
        let segments = try FileManager.default.contentsOfDirectory(atPath: spool).filter { $0.hasPrefix("segment-") }.sorted()
        let segment = try #require(segments.first, "no segment in \(spool)")
        let path = spool + "/" + segment
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        try #require(bytes.count > 4_096, "segment too small: \(bytes.count)")
        for i in (bytes.count / 2)..<(bytes.count / 2 + 64) { bytes[i] ^= 0xA5 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        proxy.restore()
        agent = try await startTailingAgent(collector: proxy.address, instance: instance, log: log, folder: folder)
        _ = try await agent.waitForLine(containing: "spool segment is corrupt", timeout: .seconds(10))
        #expect(FileManager.default.fileExists(atPath: path + ".corrupt"), "the damaged segment is kept aside for inspection")
        try await countLines("spool-corrupt-segment", collector, instance: instance, sent: written,
                             note: "\(bytes.count)-byte segment damaged mid-way, moved aside, the rest re-read").report()
        // The repair reaches the collector: the agent-recovered event, and the skipped sequences as a gap.
        let detail = try await instanceDetail(collector, instance: instance)
        #expect(detail.delivery.sequenceGaps >= 1, "\(detail.delivery)")
        let events = detail.events ?? []
        #expect(events.contains { $0.name == "agent-recovered" && $0.detail.contains("spool repaired: 1 corrupt segments moved aside") },
                "\(events.map { "\($0.name): \($0.detail)" })")
    }

    /// A stored chunk's bytes are damaged on disk: a query skips it, counts it (`corrupt=1` in
    /// `iilogs query --explain`), and returns every line of the other chunks.
    @Test func corruptStoreChunkIsSkippedCountedAndTheRestReadable() async throws {
        let folder = try TemporaryDirectory(prefix: "fault-chunk-corrupt")
        defer { folder.remove() }
        let data = folder.file("data")
        var collector = try await CollectorUnderTest.start(data: data)
        defer { collector.process.signal(SIGKILL) }
        let instance = "i-fault-chunk"
        let log = folder.file("app.log")
        let agent = try await startTailingAgent(collector: collector.agentAddress, instance: instance, log: log, folder: folder,
                                                extra: ["--flush-interval", "100ms"])
        defer { agent.signal(SIGKILL) }
        var written = 0
        for _ in 0..<6 {
            try appendLines(numberedLines(instance, from: written, count: 250), to: log)
            written += 250
            try await waitForStoredLines(collector, instance: instance, atLeast: written)
        }
        await collector.process.terminateAndWait()

        let database = data + "/iilogs.sqlite"
        let chunks = try await runTool("/usr/bin/sqlite3", [database, "SELECT id, line_count FROM chunks WHERE line_count > 0 ORDER BY id"])
        try #require(chunks.count >= 3, "expected several chunks: \(chunks)")
        let victim = chunks[chunks.count / 2].split(separator: "|")
        let (victimID, victimLines) = (String(victim[0]), Int(victim[1]) ?? 0)
        try await runTool("/usr/bin/sqlite3", [database, "UPDATE chunk_data SET data = randomblob(length(data)) WHERE id = \(victimID); UPDATE chunk_pieces SET data = randomblob(length(data)) WHERE key >> 16 = \(victimID); UPDATE chunk_tails SET data = randomblob(length(data)) WHERE id = \(victimID)"])

        collector = try await restartCollector(collector, data: data)
        let answer = try await runCLIWithErrors(["query", "--collector", collector.httpURL, "--instance", instance,
                                                 "--output", "jsonl", "--limit", "0", "--explain"])
        let lines = try answer.stdout.filter { !$0.isEmpty }.map { try JSONDecoder().decode(APILogLine.self, from: Data($0.utf8)) }
        #expect(answer.stderr.contains { $0.contains("corrupt=1 ") }, "\(answer.stderr)")
        let found = sequenceNumbers(lines, prefix: instance)
        let missing = Set(0..<written).subtracting(found)
        // Exactly the damaged chunk's lines are unreadable; everything else is found once.
        #expect(missing.count == victimLines)
        var counts = FaultCounts("store-corrupt-chunk", sent: written, acknowledged: await storedLines(collector, instance: instance),
                                 found: found, expected: Set(0..<written).subtracting(missing),
                                 note: "1 of \(chunks.count) chunks damaged on disk, its lines skipped and counted (corrupt=1)")
        counts.unreadable = victimLines
        counts.report()
    }

    /// The agent ships through ``FaultProxy``: the link is cut for 5 s (every connection closed, new ones
    /// closed at once), stalled for 3 s (a black hole shorter than any timeout), then throttled to 16 KB/s
    /// while lines keep coming.
    @Test func networkCutStallAndSlowLink() async throws {
        let folder = try TemporaryDirectory(prefix: "fault-network")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }
        let proxy = try FaultProxy(targetPort: collector.agentPort)
        defer { proxy.stop() }
        let instance = "i-fault-net"
        let log = folder.file("app.log")
        let agent = try await startTailingAgent(collector: proxy.address, instance: instance, log: log, folder: folder)
        defer { agent.signal(SIGKILL) }

        var written = 0
        func write(rounds: Int, every: Duration) async throws {
            for _ in 0..<rounds {
                try appendLines(numberedLines(instance, from: written, count: 100, noise: 32), to: log)
                written += 100
                try await Task.sleep(for: every)
            }
        }
        try await write(rounds: 10, every: .milliseconds(100))
        proxy.cut()
        try await write(rounds: 25, every: .milliseconds(200))  // 5 s cut
        proxy.restore()
        try await write(rounds: 5, every: .milliseconds(200))
        proxy.stall()
        try await write(rounds: 15, every: .milliseconds(200))  // 3 s stall
        proxy.restore()
        proxy.throttle(bytesPerSecond: 16 * 1024)
        try await write(rounds: 25, every: .milliseconds(200))  // 5 s of writing over a slow link
        let counts = try await countLines("network-cut-slow-link", collector, instance: instance, sent: written, timeout: .seconds(60))
        let seen = proxy.counters
        var reported = counts
        reported.note = "cut 5s (\(seen.cut) connections cut, \(seen.refused) refused), stall 3s, 16 KB/s; \(seen.bytes) bytes through the proxy"
        reported.report()
        #expect(seen.cut >= 1, "the cut closed the agent's connection")
    }

    /// The link turns into a black hole (``FaultProxy/stall()``: connections stay open, no byte moves) under an
    /// agent with `--ack-timeout 2s`. The agent gives the connection up once no ack came for 2 s (its warning
    /// names the timeout and the oldest unacknowledged sequence), reconnects with backoff — the proxy accepts,
    /// but the hello goes nowhere, so the welcome times out too — and once the link is back resends what was
    /// not acknowledged. Every line is found once and `agent.ack_timeouts` counts each timeout.
    @Test func blackHoledLinkIsDroppedAtTheAckTimeout() async throws {
        let folder = try TemporaryDirectory(prefix: "fault-black-hole")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }
        let proxy = try FaultProxy(targetPort: collector.agentPort)
        defer { proxy.stop() }
        let instance = "i-fault-black-hole"
        let log = folder.file("app.log")
        let agent = try startAgent(collector: proxy.address, instance: instance, image: "v1", folder: folder,
                                   extra: ["--tail", log, "--metrics-interval", "1s", "--ack-timeout", "2s"])
        defer { agent.signal(SIGKILL) }
        _ = try await agent.waitForLine(containing: "agent started")

        var written = 0
        func write(rounds: Int, every: Duration) async throws {
            for _ in 0..<rounds {
                try appendLines(numberedLines(instance, from: written, count: 50), to: log)
                written += 50
                try await Task.sleep(for: every)
            }
        }
        // Given a link that works
        try await write(rounds: 5, every: .milliseconds(100))
        try await waitForStoredLines(collector, instance: instance, atLeast: written, timeout: .seconds(20))
        let forwardedBefore = proxy.counters.forwarded

        // When it turns into a black hole while lines keep coming
        proxy.stall()
        let stalled = ContinuousClock.now
        try await write(rounds: 10, every: .milliseconds(300))
        let ackWarning = try await agent.waitForLine(containing: "no acknowledgement from the collector within shipper.ackTimeout",
                                                     timeout: .seconds(10))
        // Then the agent gives the connection up, reconnects, and bounds the wait for the welcome as well
        let welcomeWarning = try await agent.waitForLine(containing: "no welcome from the collector within shipper.ackTimeout",
                                                         timeout: .seconds(10))
        let stall = ContinuousClock.now - stalled
        #expect(ackWarning.contains("ack_timeout=2s") && ackWarning.contains("oldest_unacknowledged="), "\(ackWarning)")
        #expect(welcomeWarning.contains("ack_timeout=2s"), "\(welcomeWarning)")
        #expect(proxy.counters.forwarded > forwardedBefore, "the agent opened a new connection while the link was stalled")
        proxy.restore()
        try await write(rounds: 5, every: .milliseconds(100))

        // And every line arrives once; the agent's own counter matches its warnings
        var counts = try await countLines("link-black-hole", collector, instance: instance, sent: written, timeout: .seconds(30))
        let timeouts = agent.stderrLines.filter { $0.contains("within shipper.ackTimeout") }.count
        let counted = try await waitFor("agent.ack_timeouts = \(timeouts)", timeout: .seconds(15), {
            try await runCLI(["metrics", "--collector", collector.httpURL, "--instance", instance, "--name", "agent.ack_timeouts",
                              "--since", "1h", "--output", "jsonl"])
                .filter { !$0.isEmpty }.map { try JSONDecoder().decode(APIMetricSeries.self, from: Data($0.utf8)) }
                .first?.points.last?.value ?? 0
        }, until: { Int($0) >= timeouts })
        #expect(Int(counted) == timeouts)
        let seen = proxy.counters
        counts.note = "stalled \(stall.components.seconds)s, \(timeouts) ack timeouts of 2s, \(seen.forwarded) connections through the proxy"
        counts.report()
        #expect(timeouts >= 2)
    }
}
