import IILogsCore
import IILogsRules
import Testing

/// The scanned path (summary tallies + candidate lines) must flag exactly what observing every line flags.
@Suite("LogBlockScanner")
struct LogBlockScannerTests {
    typealias H = RuleEngineHarness

    /// The shipped rules plus kinds the defaults lack: a regex-only rule, an any-app rule whose needle a
    /// token filter cannot rule out, and a severity-filtered rule.
    static let ruleFile: RuleFile = {
        var rules = RuleFile.defaults().rules
        let extra = try! RuleFileLoader.load(yaml: """
            version: 1
            rules:
              - name: tls-regex
                kind: log_pattern
                action: warn
                regex: "handshake (failed|timed out)"
                window: 5m
                threshold: 2
              - name: any-app-partial-token
                kind: log_pattern
                action: warn
                contains: "eadlock"
                window: 5m
                threshold: 1
              - name: critical-anything
                kind: log_pattern
                action: warn
                severity: crit
                regex: "."
                window: 1m
                threshold: 3
            """)
        rules += extra.rules
        return RuleFile(rules: rules, health: RuleFile.defaults().health)
    }()

    /// A benign line most of the time; now and then one that some rule matches.
    static func line(_ random: inout SeededRandom, time: Timestamp) -> LogRecord {
        let roll = random.next() % 1_000
        switch roll {
        case 0..<3: return LogRecord(time: time, severity: .error, app: "kernel", message: "Out of memory: Killed process \(roll) (java) total-vm:1234kB")
        case 3..<6: return LogRecord(time: time, severity: .notice, app: "systemd", message: "app.service: Scheduled restart job, restart counter is at \(roll).")
        case 6..<9: return LogRecord(time: time, severity: .warning, app: "nginx", message: "SSL handshake failed for client 10.0.0.\(roll)")
        case 9..<11: return LogRecord(time: time, severity: .error, app: "postgres", message: "ERROR: deadlock detected")
        case 11..<13: return LogRecord(time: time, severity: .critical, app: "app", message: "payment backend unreachable")
        case 13..<15: return LogRecord(time: time, severity: .warning, app: "kernel", message: "traps: node[12] general protection fault ip:1 sp:2")
        case 15..<60: return LogRecord(time: time, severity: .error, app: "app", message: "level=error msg=\"upstream timeout\" took_ms=\(roll)")
        case 60..<120: return LogRecord(time: time, severity: .info, app: "kernel", message: "audit: type=1400 apparmor=\"STATUS\" operation=\"profile_load\"")
        case 120..<200: return LogRecord(time: time, severity: .info, app: "systemd", message: "Started session-\(roll).scope - Session \(roll) of User ubuntu.")
        default: return LogRecord(time: time, severity: .info, app: "nginx", message: "10.1.2.\(roll % 250) - - \"GET /api/orders HTTP/1.1\" 200 \(roll)")
        }
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func scannedBatchesFlagExactlyWhatEveryLineFlags(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        let everyLine = RuleEngine(ruleFile: Self.ruleFile)
        let scanned = RuleEngine(ruleFile: Self.ruleFile)
        let scannedLines = RuleEngine(ruleFile: Self.ruleFile)  // the plain-syslog path: lines at hand, no events
        var flagsScannedLines: [Flag] = []
        let scanner = LogBlockScanner(ruleFile: Self.ruleFile)
        var flagsEveryLine: [Flag] = []
        var flagsScanned: [Flag] = []
        let instances = (0..<12).map { H.identity("i-\($0)", $0 < 6 ? "v1" : "v2") }
        var clock = H.at(0)
        for sequence in 1...240 {
            let instance = instances[sequence % instances.count]
            // Some blocks cross a minute boundary; a few instances get a boot or a sample in the same batch.
            let count = Int(random.next() % 300) + 1
            var lines: [LogRecord] = []
            for _ in 0..<count {
                clock = clock.adding(nanoseconds: Int64(random.next() % 40_000_000))
                lines.append(Self.line(&random, time: clock))
            }
            let events = sequence % 17 == 0 ? [LifecycleEvent(time: lines[count / 2].time, name: .boot, bootID: "b\(sequence)")] : []
            let metrics = sequence % 5 == 0
                ? [MetricSample(time: clock, name: "disk.used_fraction", value: 0.9 + Double(random.next() % 10) / 100, labels: [LogField("mount", "/")])] : []
            let block = LogBlockCodec.encode(lines)

            let decoded = try LogBlockCodec.decode(block)
            var entries: [(Record, EvidenceRef)] = decoded.enumerated().map { (.log($1), EvidenceRef(source: UInt64(sequence), offset: UInt32($0))) }
            entries += events.enumerated().map { (.lifecycle($1), EvidenceRef(source: UInt64(sequence), offset: UInt32($0))) }
            entries += metrics.enumerated().map { (.metric($1), EvidenceRef(source: UInt64(sequence), offset: UInt32($0))) }
            let ordered = entries.enumerated().sorted { ($0.element.0.time, $0.offset) < ($1.element.0.time, $1.offset) }.map(\.element)
            flagsEveryLine += everyLine.observe(batch: ordered.map(\.0), instance: instance) { ordered[$0].1 }

            flagsScanned += scanned.observe(scanned: scanner.scan(logs: block, events: events, metrics: metrics, source: UInt64(sequence)),
                                            instance: instance)
            flagsScannedLines += scannedLines.observe(scanned: scanner.scan(lines: lines, source: UInt64(sequence)), instance: instance)
            if sequence % 40 == 0 {
                flagsEveryLine += everyLine.tick(now: clock)
                flagsScanned += scanned.tick(now: clock)
                flagsScannedLines += scannedLines.tick(now: clock)
            }
        }
        let later = clock.adding(nanoseconds: 10 * 60 * 1_000_000_000)
        flagsEveryLine += everyLine.tick(now: later)
        flagsScanned += scanned.tick(now: later)
        flagsScannedLines += scannedLines.tick(now: later)

        #expect(flagsEveryLine.count > 10, "the workload should raise flags of several rules")
        #expect(Set(flagsEveryLine.map(\.rule)).isSuperset(of: ["oom-kill", "crash-loop", "tls-regex", "any-app-partial-token", "critical-anything", "instance-lost"]))
        // A tick reports instances in dictionary order, which differs between two engines: compare sorted.
        let order: (Flag, Flag) -> Bool = { ($0.time, $0.instanceID, $0.rule, $0.key) < ($1.time, $1.instanceID, $1.rule, $1.key) }
        let (scannedSorted, everyLineSorted) = (flagsScanned.sorted(by: order), flagsEveryLine.sorted(by: order))
        #expect(flagsScanned.count == flagsEveryLine.count)
        if let first = zip(scannedSorted, everyLineSorted).first(where: { $0 != $1 }) {
            Issue.record("first different flag: scanned \(first.0) vs every line \(first.1)")
        }
        #expect(scanned.counters.lines == everyLine.counters.lines)
        // Lines scanned as records flag what their blocks flag, less what the events and samples caused.
        let fromLogs: (Flag) -> Bool = { [.logPattern, .crashLoop].contains($0.kind) && $0.rule != "boot-loop" }
        #expect(flagsScannedLines.filter(fromLogs).sorted(by: order) == everyLineSorted.filter(fromLogs))
        #expect(scannedLines.counters.lines == everyLine.counters.lines)
        for image in ["v1", "v2"] {
            #expect(scanned.healthInput(image: image, now: clock) == everyLine.healthInput(image: image, now: clock))
        }
    }

    @Test func aBlockNoRuleCanMatchIsNotInflated() {
        // Given only nginx and app lines (no kernel or systemd line, nothing a rule's tokens name)
        let scanner = LogBlockScanner(ruleFile: .defaults())
        var lines: [LogRecord] = []
        for n in 0..<500 {
            let severity: Severity = n % 50 == 0 ? .error : .info
            let app = n % 2 == 0 ? "nginx" : "app"
            lines.append(LogRecord(time: H.at(Double(n) / 1_000), severity: severity, app: app, message: "GET /api/orders/\(n) HTTP/1.1 200 \(n)"))
        }
        // When the block is scanned
        let batch = scanner.scan(logs: LogBlockCodec.encode(lines), events: [], metrics: [], source: 9)
        // Then its summary decided: counted, not inflated, no candidate
        #expect(batch.tally?.inflated == false)
        #expect(batch.tally?.lineCount == 500 && batch.tally?.errorLines == 10)
        #expect(batch.records.isEmpty)
        #expect(batch.newestLineRef == EvidenceRef(source: 9, offset: 499))
    }

    @Test func aBlockWithAKernelLineIsInflatedAndOnlyTheMatchingLineKept() {
        let scanner = LogBlockScanner(ruleFile: .defaults())
        var lines = (0..<100).map { LogRecord(time: H.at(Double($0) / 1_000), app: "nginx", message: "GET / 200") }
        lines[42] = LogRecord(time: H.at(0.042), severity: .error, app: "kernel", message: "Memory cgroup out of memory: Killed process 77 (java)")
        lines[43] = LogRecord(time: H.at(0.043), app: "kernel", message: "memory: usage 1024kB, limit 1024kB, failcnt 3")
        let batch = scanner.scan(logs: LogBlockCodec.encode(lines), events: [], metrics: [], source: 3)
        #expect(batch.tally?.inflated == true)
        #expect(batch.refs == [EvidenceRef(source: 3, offset: 42)])
        if case .log(let line) = batch.records.first { #expect(line.message.hasPrefix("Memory cgroup out of memory")) } else { Issue.record("expected the OOM line") }
    }

    @Test func aCorruptBlockIsCountedNotMatched() {
        let scanner = LogBlockScanner(ruleFile: .defaults())
        var block = LogBlockCodec.encode([LogRecord(time: H.at(0), severity: .error, app: "kernel", message: "Out of memory: Killed process 1 (x)")])
        block.compressed[block.compressed.count / 2] ^= 0xFF
        let batch = scanner.scan(logs: block, events: [], metrics: [], source: 1)
        #expect(batch.tally?.unreadable?.field == "checksum")
        #expect(batch.tally?.lineCount == 1)
        #expect(batch.records.isEmpty)
    }
}

@Suite("match: words")
struct WholeWordMatchTests {
    static func matcher(_ yaml: String) throws -> RuleFile {
        try RuleFileLoader.load(yaml: "version: 1\nrules:\n  - name: r\n    kind: log_pattern\n    action: warn\n    window: 5m\n    threshold: 1\n" + yaml)
    }

    @Test(arguments: [
        ("Oops: 0000 [#1] SMP PTI", true),
        ("Internal error: Oops: 0000000096000004 [#1] PREEMPT SMP", true),
        ("WhoOops: not the kernel", false),
        ("Oops:x", false),  // the needle's space is missing
        ("xOops: ", false),
    ])
    func wordsMatchOnlyOnTokenBoundaries(line: String, expected: Bool) throws {
        let rules = try Self.matcher("    contains: \"Oops: \"\n    match: words\n")
        let engine = RuleEngine(ruleFile: rules)
        let flags = engine.observe(log: LogRecord(time: .zero, message: line), instance: InstanceIdentity(instanceID: "i", imageVersion: "v"),
                                   evidence: EvidenceRef(source: 0, offset: 0))
        #expect(!flags.isEmpty == expected, "\(line)")
    }

    @Test func substringStaysTheDefault() throws {
        let engine = RuleEngine(ruleFile: try Self.matcher("    contains: \"Oops: \"\n"))
        let flags = engine.observe(log: LogRecord(time: .zero, message: "WhoOops: x"), instance: InstanceIdentity(instanceID: "i", imageVersion: "v"),
                                   evidence: EvidenceRef(source: 0, offset: 0))
        #expect(flags.count == 1)
    }

    @Test func badMatchValuesAreRefusedNamingTheField() {
        #expect(throws: RuleFileError.self) { try Self.matcher("    contains: x\n    match: regexp\n") }
        #expect(throws: RuleFileError.self) { try Self.matcher("    regex: x\n    match: words\n") }
    }

    @Test func withTheShippedRulesABlockOfBenignKernelLinesIsNotInflated() {
        // kernel-oops's "Oops: " on word boundaries names the word "oops", which such a block lacks
        let scanner = LogBlockScanner(ruleFile: .defaults())
        var lines: [LogRecord] = []
        for n in 0..<300 {
            let kernel = n % 3 == 0
            let message = kernel ? "audit: type=1400 apparmor=\"STATUS\" operation=\"profile_load\" pid=\(n)" : "GET / 200"
            lines.append(LogRecord(time: Timestamp(nanosecondsSinceEpoch: Int64(n) * 1_000_000), app: kernel ? "kernel" : "nginx", message: message))
        }
        let batch = scanner.scan(logs: LogBlockCodec.encode(lines), events: [], metrics: [], source: 1)
        #expect(batch.tally?.inflated == false)
    }
}
