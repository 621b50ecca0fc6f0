import IILogsCore
import IILogsReports
import Testing

@Suite struct TemplateMinerTests {
    func mine(_ corpus: [(Severity, String, String)], settings: TemplateMinerSettings = TemplateMinerSettings()) throws -> TemplateMinerResult {
        try TemplateMiner.mine(TemplateCorpora.lines(corpus), settings: settings)
    }

    func summary(_ r: TemplateMinerResult) -> [String] { r.templates.map { "\($0.count) \($0.template)" } }

    @Test func sshdAuthLog() throws {
        let r = try mine(TemplateCorpora.sshd)
        #expect(summary(r) == [
            "3 Invalid user <*> from <IP> port <NUM>",
            "2 Failed password for invalid user <*> from <IP> port <NUM> ssh2",
            "2 Accepted publickey for deploy from <IP> port <NUM> ssh2: ED25519 <*>",
            "2 pam_unix(sshd:session): session opened for user <*> by (uid=<NUM>)",
            "1 Failed password for root from <IP> port <NUM> ssh2",
            "1 Received disconnect from <IP> port <NUM>:<NUM>: disconnected by user",
            "1 Disconnected from user deploy <IP> port <NUM>",
        ])
        #expect(r.messages == 12)
        let invalid = r.templates[0]
        #expect(invalid.firstSeen == "2026-11-23T09:00:00.000000000Z")
        #expect(invalid.lastSeen == "2026-11-23T09:00:02.000000000Z")
        #expect(invalid.example == "Invalid user admin from 203.0.113.7 port 51234")
        #expect(invalid.severities == ["info": 3])
        #expect(r.templates[1].severities == ["warning": 2])
    }

    @Test func nginxErrorLog() throws {
        let r = try mine(TemplateCorpora.nginx)
        #expect(summary(r) == [
            "2 <NUM>/<NUM>/<NUM> <NUM>:<NUM>:<NUM> [error] <NUM>#<NUM>: *<NUM> open() <STR> failed (<NUM>: No such file or directory), client: <IP>, server: _, request: <STR>, host: <STR>",
            "2 <NUM>/<NUM>/<NUM> <NUM>:<NUM>:<NUM> [error] <NUM>#<NUM>: *<NUM> upstream timed out (<NUM>: Connection timed out) while reading response header from upstream, client: <IP>, server: api.example.com, request: <STR>, upstream: <STR>, host: <STR>",
            "1 <NUM>/<NUM>/<NUM> <NUM>:<NUM>:<NUM> [warn] <NUM>#<NUM>: *<NUM> an upstream response is buffered to a temporary file <PATH> while reading upstream",
        ])
    }

    @Test func kernelRingBuffer() throws {
        let r = try mine(TemplateCorpora.kernel)
        #expect(summary(r) == [
            "2 [<NUM>] Out of memory: Killed process <NUM> (java) total-vm:<NUM>, anon-rss:<NUM>, file-rss:<NUM>, shmem-rss:<NUM>, UID:<NUM> pgtables:<NUM> oom_score_adj:<NUM>",
            "2 [<NUM>] nvme nvme0: I/O <NUM> QID <NUM> timeout, aborting",
            "1 [<NUM>] EXT4-fs warning (device nvme0n1p1): ext4_dx_add_entry:<NUM>: Directory (ino: <NUM>) index full, reach max htree level :<NUM>",
            "1 [<NUM>] blk_update_request: I/O error, dev nvme0n1, sector <NUM> op 0x1:(WRITE) flags <HEX> phys_seg <NUM> prio class <NUM>",
        ])
        // Ties in count keep first-seen order: the OOM kill (line 0) before the nvme timeouts (line 3).
        #expect(r.templates[0].firstSeen < r.templates[1].firstSeen)
    }

    @Test func systemdUnits() throws {
        let r = try mine(TemplateCorpora.systemd)
        #expect(summary(r) == [
            "2 orders.service: Scheduled restart job, restart counter is at <NUM>.",
            // Drain routes by the leading tokens, so different unit names stay different templates.
            "1 orders.service: Main process exited, code=killed, status=<NUM>/KILL",
            "1 billing.service: Main process exited, code=killed, status=<NUM>/KILL",
            "1 orders.service: Failed with result <STR>.",
            "1 billing.service: Failed with result <STR>.",
            "1 Started orders.service - Orders API.",
            "1 orders.service: Consumed <NUM> <DURATION> CPU time, <NUM> memory peak.",
        ])
    }

    @Test func javaStackTracesFoldIntoTheirMessage() throws {
        let r = try mine(TemplateCorpora.java)
        #expect(summary(r) == [
            "2 ERROR [http-nio-<NUM>-exec-<NUM>] c.a.orders.OrderController - Request failed for order <NUM>",
            "1 INFO [scheduler-<NUM>] c.a.orders.Health - pool ok, <NUM> connections",
        ])
        #expect(r.messages == 3)
        #expect(r.foldedLines == 10)
        let failed = r.templates[0]
        #expect(failed.exampleContinuation == [
            "java.lang.IllegalStateException: Connection pool exhausted after 30000ms",
            "\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:197)",
            "\tat com.acme.orders.OrderRepository.find(OrderRepository.java:44)",
            "\t... 87 more",
            "Caused by: java.net.SocketTimeoutException: Read timed out",
            "\tat java.base/java.net.SocketInputStream.socketRead0(Native Method)",
            "\t... 12 more",
        ])
        // The second trace ends at line 12: its last line is the template's last sighting.
        #expect(failed.lastSeen == "2026-11-23T09:00:12.000000000Z")
    }

    @Test func pythonTracebacksAreNamedByTheirException() throws {
        let r = try mine(TemplateCorpora.python)
        #expect(summary(r) == [
            "2 ValueError: bad payload for job <NUM>",
            "1 ERROR:worker:job <NUM> failed",
            "1 WARNING:worker:queue depth <NUM> above <NUM>",
        ])
        #expect(r.foldedLines == 12)
        #expect(r.templates[0].example == "Traceback (most recent call last):")
        #expect(r.templates[0].exampleContinuation.last == "ValueError: bad payload for job 7731")
        #expect(r.templates[1].exampleContinuation.last == "KeyError: 'customer_id'")
    }

    @Test func foldingOffMinesEveryLine() throws {
        var settings = TemplateMinerSettings()
        settings.foldStackTraces = false
        let r = try mine(TemplateCorpora.java, settings: settings)
        #expect(r.messages == TemplateCorpora.java.count)
        #expect(r.foldedLines == 0)
        #expect(r.templates.contains { $0.template == "at com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:<NUM>)" && $0.count == 2 })
    }

    @Test func anotherAppOrALateLineBreaksATrace() throws {
        let t0 = TemplateCorpora.start
        let lines = [
            TemplateLine(time: t0, severity: .error, app: "orders", message: "ERROR request failed"),
            TemplateLine(time: t0, severity: .info, app: "sshd", message: "Connection closed by 10.0.0.1 port 22"),
            TemplateLine(time: t0, severity: .error, app: "orders", message: "\tat com.acme.A.b(A.java:1)"),
            TemplateLine(time: t0.adding(.seconds(10)), severity: .error, app: "orders", message: "\tat com.acme.A.c(A.java:2)"),
        ]
        let r = try TemplateMiner.mine(lines)
        #expect(r.messages == 4)
        #expect(r.foldedLines == 0)
    }

    @Test func continuationLinesBeyondTheLimitAreCountedNotKept() throws {
        var settings = TemplateMinerSettings()
        settings.maxContinuationLines = 2
        let r = try mine(TemplateCorpora.java, settings: settings)
        #expect(r.templates[0].exampleContinuation.count == 2)
        #expect(r.foldedLines == 10)
    }

    @Test func differingTokensBecomeWildcards() throws {
        let r = try TemplateMiner.mine(TemplateCorpora.lines([
            (.error, "app", "cache miss for key session alpha"),
            (.error, "app", "cache miss for key profile beta"),
            (.error, "app", "cache miss for key cart gamma"),
            (.warning, "app", "cache evicted"),
        ]))
        #expect(summary(r) == ["3 cache miss for key <*> <*>", "1 cache evicted"])
        #expect(r.templates[0].severities == ["err": 3])
        #expect(r.templates[0].severityMix == "err 3")
    }

    @Test func dissimilarLinesOfTheSameShapeStayApart() throws {
        var settings = TemplateMinerSettings()
        settings.similarityThreshold = 0.7
        let r = try TemplateMiner.mine(TemplateCorpora.lines([
            (.error, "app", "disk sda full on root"),
            (.error, "app", "disk sdb slow on data"),
        ]), settings: settings)
        #expect(r.templates.count == 2)
    }

    @Test func theTemplateLimitEvictsTheLeastRecentlyMatched() throws {
        var settings = TemplateMinerSettings()
        settings.maxTemplates = 2
        let r = try TemplateMiner.mine(TemplateCorpora.lines([
            (.error, "a", "alpha failed badly"),
            (.error, "a", "beta went away quietly now"),
            (.error, "a", "alpha failed badly"),
            (.error, "a", "gamma"),
        ]), settings: settings)
        #expect(summary(r) == ["2 alpha failed badly", "1 gamma"])
        #expect(r.evictedTemplates == 1)
        #expect(r.evictedMessages == 1)
    }

    @Test func longMessagesAreCut() throws {
        var settings = TemplateMinerSettings()
        settings.maxTokens = 3
        settings.maxExampleCharacters = 5
        let r = try TemplateMiner.mine(TemplateCorpora.lines([(.error, "a", "one two three four five")]), settings: settings)
        #expect(summary(r) == ["1 one two three"])
        #expect(r.truncatedMessages == 1)
        #expect(r.templates[0].example == "one t")
    }

    @Test func sameInputSameOutput() throws {
        let corpus = TemplateCorpora.sshd + TemplateCorpora.kernel + TemplateCorpora.java + TemplateCorpora.python
        #expect(try mine(corpus) == mine(corpus))
    }

    @Test func invalidSettingsNameTheKey() {
        var settings = TemplateMinerSettings()
        settings.similarityThreshold = 1.5
        #expect(throws: SettingsError(key: "templates.similarityThreshold", problem: "must be in (0, 1], got 1.5")) {
            try TemplateMiner(settings: settings)
        }
        settings = TemplateMinerSettings()
        settings.depth = 2
        #expect(throws: SettingsError(key: "templates.depth", problem: "must be at least 3, got 2")) { try TemplateMiner(settings: settings) }
    }

    @Test func moreLinesAfterFinish() throws {
        var miner = try TemplateMiner()
        miner.add(TemplateCorpora.lines([(.error, "a", "boom 1")]))
        #expect(miner.finish().messages == 1)
        miner.add(TemplateCorpora.lines([(.error, "a", "boom 2")]))
        let r = miner.finish()
        #expect(summary(r) == ["2 boom <NUM>"])
    }
}

@Suite struct TraceFolderTests {
    @Test func chainedPythonExceptionsFoldIntoOneTraceNamedByTheLastException() throws {
        let r = try TemplateMiner.mine(TemplateCorpora.lines([
            (.error, "worker", "Traceback (most recent call last):"),
            (.error, "worker", #"  File "/srv/app/db.py", line 20, in connect"#),
            (.error, "worker", "    sock.connect(addr)"),
            (.error, "worker", "ConnectionRefusedError: [Errno 111] Connection refused"),
            (.error, "worker", ""),
            (.error, "worker", "The above exception was the direct cause of the following exception:"),
            (.error, "worker", ""),
            (.error, "worker", "Traceback (most recent call last):"),
            (.error, "worker", #"  File "/srv/app/worker.py", line 9, in main"#),
            (.error, "worker", "    db = connect()"),
            (.error, "worker", "app.errors.DatabaseUnavailable: database at 10.0.3.4:5432 unavailable"),
            (.info, "worker", "retrying in 5s"),
        ]))
        #expect(r.templates.map { "\($0.count) \($0.template)" } == [
            "1 app.errors.DatabaseUnavailable: database at <IP> unavailable",
            "1 retrying in <DURATION>",
        ])
        #expect(r.foldedLines == 10)
    }

    @Test func aBlankLineAfterAnUnrelatedMessageIsItsOwnMessage() throws {
        let r = try TemplateMiner.mine(TemplateCorpora.lines([(.info, "a", "hello"), (.info, "a", ""), (.info, "a", "hello")]))
        #expect(r.messages == 3)
        #expect(r.foldedLines == 0)
    }
}
