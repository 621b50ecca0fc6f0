import IILogsCore

/// Measures the engine's per-line cost: synthetic lines that match no rule (the common case) from many
/// instances, through the given rule file. For `iilogs bench`; build in release for real figures.
public enum RuleEngineBenchmark {
    public struct Result: Sendable, Hashable {
        public var lines: Int
        public var instances: Int
        public var seconds: Double
        public var flags: Int
        public var nanosecondsPerLine: Double { seconds * 1e9 / Double(max(lines, 1)) }
        public var linesPerSecond: Double { Double(lines) / max(seconds, 1e-9) }
    }

    /// Feeds about `lines` lines (whole batches) round-robin over `instances` instances (60% nginx, 25% app with 2% errors,
    /// 10% systemd, 5% kernel, all benign) and times only the `observe` calls.
    /// `batchSize` > 1 feeds ``RuleEngine/observe(batch:instance:evidence:)`` (one instance lookup per
    /// batch, the collector's path); 1 feeds ``RuleEngine/observe(log:instance:evidence:)`` per line.
    public static func run(lines: Int = 1_000_000, instances: Int = 1_000, batchSize: Int = 1, seed: UInt64 = 1,
                           ruleFile: RuleFile = .defaults()) -> Result {
        var random = SeededRandom(seed: seed)
        let start = Timestamp(nanosecondsSinceEpoch: 1_795_428_000 * 1_000_000_000)
        var pool: [LogRecord] = []
        for n in 0..<4_096 {
            let roll = random.next() % 100
            let time = start.adding(nanoseconds: Int64(n) * 1_000_000)
            switch roll {
            case 0..<60:
                pool.append(LogRecord(time: time, app: "nginx", message: "10.0.\(n % 250).\(roll) - - [23/Nov/2026:10:00:00 +0000] \"GET /api/orders/\(n) HTTP/1.1\" 200 \(random.next() % 9_000) \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\""))
            case 60..<85:
                let error = random.next() % 50 == 0
                pool.append(LogRecord(time: time, severity: error ? .error : .info, app: "orders",
                                      message: error ? "ERROR order \(n) failed: upstream connect error or disconnect/reset before headers"
                                                     : "order \(n) created for customer \(random.next() % 100_000) total=\(random.next() % 500).99 EUR in \(random.next() % 90)ms"))
            case 85..<95:
                pool.append(LogRecord(time: time, app: "systemd", message: "Started session-\(n).scope - Session \(n) of User ubuntu."))
            default:
                pool.append(LogRecord(time: time, severity: .notice, app: "kernel", message: "audit: type=1400 audit(1700000000.\(n):45): apparmor=\"STATUS\" operation=\"profile_load\" profile=\"unconfined\""))
            }
        }
        let identities = (0..<max(1, instances)).map { InstanceIdentity(instanceID: "i-bench-\($0)", imageVersion: "v\($0 % 3)") }
        let engine = RuleEngine(ruleFile: ruleFile)
        var flags = 0
        let clock = ContinuousClock()
        let elapsed: Duration
        if batchSize <= 1 {
            elapsed = clock.measure {
                for index in 0..<lines {
                    var record = pool[index & 4_095]
                    record.time = start.adding(nanoseconds: Int64(index) * 1_000)
                    flags += engine.observe(log: record, instance: identities[index % identities.count],
                                            evidence: EvidenceRef(source: UInt64(index >> 12), offset: UInt32(index & 4_095))).count
                }
            }
        } else {
            // Batches of one instance's records, as the agent ships them; built before timing.
            let batches = stride(from: 0, to: pool.count, by: batchSize).map { from in
                pool[from..<min(from + batchSize, pool.count)].map { Record.log($0) }
            }
            elapsed = clock.measure {
                var done = 0
                var batchIndex = 0
                while done < lines {
                    let batch = batches[batchIndex % batches.count]
                    flags += engine.observe(batch: batch, instance: identities[batchIndex % identities.count]) {
                        EvidenceRef(source: UInt64(batchIndex), offset: UInt32($0))
                    }.count
                    done += batch.count
                    batchIndex += 1
                }
            }
        }
        let (seconds, attoseconds) = elapsed.components
        return Result(lines: engine.counters.lines, instances: identities.count, seconds: Double(seconds) + Double(attoseconds) / 1e18, flags: flags)
    }
}
