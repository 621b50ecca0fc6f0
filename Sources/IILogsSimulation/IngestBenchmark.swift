import Foundation
import IILogsCollector
import IILogsCore
public import IILogsStore
public import Logging
import ServiceLifecycle

/// `iilogs bench ingest`: a seeded fleet through the collector's real TCP path into a fresh SQLite store,
/// then `--instance` and image `--grep` queries over what was stored.
public struct IngestBenchmark: Sendable {
    public struct Options: Sendable {
        public var instances = 1000
        public var linesPerInstance = 1000
        public var linesPerBatch = 1000
        public var images = 5
        /// Concurrent agent connections.
        public var connections = 8
        public var compressionLevel: Int32 = 6
        /// Block layout the simulated agents write (`LogBlockCodec.readableFormatVersions`), to compare layouts.
        public var blockFormat = LogBlockCodec.formatVersion
        public var seed: UInt64 = 42
        /// Instance queries timed after ingest.
        public var queries = 200
        /// Lines sent through the syslog TCP listener in a phase of their own (0: none).
        public var syslogLines = IngestBenchmark.defaultSyslogLines
        /// Also ingest the same fleet with the rules off, before and after the rules-on phase, to measure what
        /// rule evaluation before each acknowledgement costs (side by side, in one run).
        public var measureRulesCost = false
        /// Whether the workload's error lines include kernel OOM kills (each makes the default rules quarantine
        /// its instance, so every instance is flagged; the image grep looks for them).
        public var oomKills = true
        /// After ingest, run one compaction pass over every chunk and measure the store again (SQLite's pages in use, or
        /// ``storeBytes``); the queries then read the compacted store.
        public var compact = false
        /// Another store to ingest into (`iilogs bench ingest --store postgres://…`): opens it (a second call opens it
        /// again, for the query phase); nil = a fresh SQLite store in the data folder. The rules-off phase and the
        /// plain-syslog phase always use SQLite.
        public var openStore: (@Sendable () async throws -> any LogStore)?
        /// The bytes that store occupies (its database size); used instead of the data folder's size with `openStore`.
        public var storeBytes: (@Sendable () async throws -> Int)?
        public init() {}
    }

    public struct Result: Sendable {
        public var lines: Int
        public var rawBytes: Int
        public var encodeSeconds: Double
        public var ingestSeconds: Double
        public var bytesOnDisk: Int
        public var instanceQueryMillis: [Double]
        public var imageGrepMillis: [Double]
        public var imageGrepMatches: Int
        /// The same searches as the CLI runs them by default: the newest 1,000 matches per image.
        public var imageGrepNewestMillis: [Double] = []
        /// Lines sent as octet-counted RFC 5424 over the syslog TCP listener, and the seconds until all were stored.
        public var syslogLines = 0
        public var syslogSeconds = 0.0
        /// The same ingest with the collector's rules off (``Options/measureRulesCost``): the mean of a phase before
        /// and one after the rules-on phase; nil when not measured.
        public var ingestSecondsWithoutRules: Double?
        public var syslogLinesPerSecond: Double { syslogSeconds > 0 ? Double(syslogLines) / syslogSeconds : 0 }
        /// The compaction pass (``Options/compact``); nil when not run.
        public var compaction: CompactionFigures?

        public var linesPerSecond: Double { Double(lines) / ingestSeconds }
        public var megabytesPerSecond: Double { Double(rawBytes) / ingestSeconds / 1_000_000 }
        public var bytesPerLine: Double { Double(bytesOnDisk) / Double(lines) }
        public var encodeLinesPerSecond: Double { Double(lines) / encodeSeconds }
    }

    /// What one compaction pass over the ingested store did and cost.
    public struct CompactionFigures: Sendable {
        public var outcome: CompactionOutcome
        public var seconds: Double
        /// The store's bytes in use before and after: SQLite's pages in use (page count minus free pages, times the page
        /// size; the file keeps its size and its free pages take the next writes), or PostgreSQL's database size (which
        /// keeps the space of deleted rows for reuse until a VACUUM FULL, so it does not fall).
        public var bytesInUseBefore: Int
        public var bytesInUseAfter: Int
    }

    public var options: Options
    public var logger: Logger

    public init(options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// Runs the whole benchmark in `dataDirectory` (which should be empty) and returns the figures.
    public func run(dataDirectory: String, progress: @Sendable (String) -> Void) async throws -> Result {
        let o = options
        let clock = ContinuousClock()
        let now = Timestamp.now()
        let start = now.adding(nanoseconds: -3_600_000_000_000)  // the last hour
        progress("generating and encoding \(o.instances * o.linesPerInstance) lines for \(o.instances) instances (the agents' share of the work)…")
        let encodeStart = clock.now
        var fleet: [(hello: Hello, batches: [Batch])] = []
        var rawBytes = 0
        var workload = FleetWorkload(seed: o.seed, oomKills: o.oomKills)
        let step = max(1, 3_600_000_000_000 / Int64(max(1, o.linesPerInstance)))
        for i in 0..<o.instances {
            let identity = InstanceIdentity(instanceID: String(format: "i-%017x", i + 1), imageVersion: "v\(40 + i % o.images)",
                                            bootID: "boot-\(i)")
            var batches: [Batch] = []
            var pending: [LogRecord] = []
            for n in 0..<o.linesPerInstance {
                let record = workload.nextLine(time: start.adding(nanoseconds: Int64(n) * step), hostname: "ip-10-0-\(i / 250)-\(i % 250)")
                rawBytes += Self.syslogLineBytes(record)
                pending.append(record)
                if pending.count == o.linesPerBatch || n == o.linesPerInstance - 1 {
                    let block = LogBlockCodec.encode(pending, compressionLevel: o.compressionLevel, formatVersion: o.blockFormat)
                    batches.append(Batch(instanceID: identity.instanceID, sequence: UInt64(batches.count + 1), logs: block))
                    pending.removeAll(keepingCapacity: true)
                }
            }
            fleet.append((Hello(agentVersion: "bench", token: "", identity: identity, streamID: UInt64(i + 1), lastAckedSequence: 0), batches))
        }
        let encodeSeconds = (clock.now - encodeStart).seconds

        let lines = o.instances * o.linesPerInstance
        // With the rules' cost measured, rules-off phases run before and after the rules-on one, so neither
        // side gets the first (cold) phase alone, and their mean is the baseline.
        var rulesOff: [Double] = []
        func ingestWithoutRules() async throws {
            let folder = dataDirectory + "/rules-off-phase"
            defer { try? FileManager.default.removeItem(atPath: folder) }
            rulesOff.append(try await ingest(fleet, into: folder, rules: false, sqlite: true, progress: progress))
        }
        if o.measureRulesCost { try await ingestWithoutRules() }
        let ingestSeconds = try await ingest(fleet, into: dataDirectory, rules: true, progress: progress)
        let bytesOnDisk = try await o.storeBytes?() ?? Self.folderSize(dataDirectory)
        if o.measureRulesCost { try await ingestWithoutRules() }
        let compaction = o.compact ? try await compactAll(dataDirectory, progress: progress) : nil
        let withoutRules = rulesOff.isEmpty ? nil : rulesOff.reduce(0, +) / Double(rulesOff.count)

        progress("querying…")
        let reader: any LogStore
        if let openStore = o.openStore { reader = try await openStore() } else {
            reader = try SQLiteStore(directory: dataDirectory, readOnly: true, logger: logger)
        }
        var random = SeededRandom(seed: o.seed ^ 0xABCD)
        var instanceMillis: [Double] = []
        for _ in 0..<o.queries {
            let id = fleet[Int(random.next() % UInt64(fleet.count))].hello.identity.instanceID
            let t0 = clock.now
            _ = try await reader.queryLogs(LogQuery(scope: .instance(id), since: now.adding(nanoseconds: -3_600_000_000_000), limit: 1000))
            instanceMillis.append((clock.now - t0).seconds * 1000)
        }
        var grepMillis: [Double] = []
        var matches = 0
        for image in 0..<min(o.images, 5) {
            let t0 = clock.now
            let result = try await reader.queryLogs(LogQuery(scope: .image("v\(40 + image)"), grep: "Out of memory", limit: 0))
            grepMillis.append((clock.now - t0).seconds * 1000)
            matches += result.lines.count
        }
        var grepNewestMillis: [Double] = []
        for image in 0..<min(o.images, 5) {
            let t0 = clock.now
            _ = try await reader.queryLogs(LogQuery(scope: .image("v\(40 + image)"), grep: "Out of memory", limit: 1000))
            grepNewestMillis.append((clock.now - t0).seconds * 1000)
        }
        await reader.close()
        var result = Result(lines: lines, rawBytes: rawBytes, encodeSeconds: encodeSeconds, ingestSeconds: ingestSeconds,
                            bytesOnDisk: bytesOnDisk, instanceQueryMillis: instanceMillis, imageGrepMillis: grepMillis, imageGrepMatches: matches)
        result.ingestSecondsWithoutRules = withoutRules
        result.imageGrepNewestMillis = grepNewestMillis
        result.compaction = compaction
        let syslogFolder = dataDirectory + "/syslog-phase"
        defer { try? FileManager.default.removeItem(atPath: syslogFolder) }
        (result.syslogLines, result.syslogSeconds) = try await Self.measureSyslogTCP(options: o, folder: syslogFolder, start: start,
                                                                                    logger: logger, progress: progress)
        return result
    }

    /// Sends `fleet` through a collector over a fresh store in `folder` (rules on or off); returns the seconds
    /// from the first connection to the last acknowledgement.
    private func ingest(_ fleet: [(hello: Hello, batches: [Batch])], into folder: String, rules: Bool, sqlite: Bool = false,
                        progress: @Sendable (String) -> Void) async throws -> Double {
        let clock = ContinuousClock()
        let connections = options.connections
        let store: any LogStore
        if !sqlite, let openStore = options.openStore { store = try await openStore() } else { store = try SQLiteStore(directory: folder, logger: logger) }
        var settings = CollectorSettings(dataDirectory: folder, agentListen: .init(host: "127.0.0.1", port: 0),
                                         httpListen: .init(host: "127.0.0.1", port: 0))
        if !rules { settings.disableRules() }
        let collector = Collector(settings: settings, store: store, logger: logger, closesStoreOnExit: false)
        let collectorGroup = ServiceGroup(configuration: .init(services: [.init(service: collector)], logger: logger))
        let seconds: Double = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await collectorGroup.run() }
            let addresses = try await collector.addresses()
            progress("ingesting through \(addresses.agents) with \(connections) connections, rules \(rules ? "on" : "off")…")
            let ingestStart = clock.now
            try await withThrowingTaskGroup(of: Void.self) { senders in
                for worker in 0..<connections {
                    let mine = stride(from: worker, to: fleet.count, by: connections).map { fleet[$0] }
                    let client = try WireClient(host: addresses.agents.host, port: addresses.agents.port)
                    senders.addTask {
                        for instance in mine { try await client.send(hello: instance.hello, batches: instance.batches) }
                    }
                }
                try await senders.waitForAll()
            }
            let seconds = (clock.now - ingestStart).seconds
            await collectorGroup.triggerGracefulShutdown()
            try await group.waitForAll()
            return seconds
        }
        await store.close()
        return seconds
    }

    /// One compaction pass over every chunk of the store (SQLite in `folder`, or ``Options/openStore``), with its
    /// bytes in use before and after: SQLite's pages in use, or ``Options/storeBytes``.
    private func compactAll(_ folder: String, progress: @Sendable (String) -> Void) async throws -> CompactionFigures {
        progress("compacting…")
        let store: any LogStore = if let openStore = options.openStore { try await openStore() } else {
            try SQLiteStore(directory: folder, logger: logger)
        }
        do {
            guard let compacting = store as? any ChunkCompacting else { throw IngestBenchmarkError(message: "--compact: this store does not compact") }
            let before = try await bytesInUse(of: store)
            let start = ContinuousClock.now
            let outcome = try await compacting.compactChunks(CompactionPolicy(horizon: try await compacting.compactionHorizon()))
            let seconds = (ContinuousClock.now - start).seconds
            let after = try await bytesInUse(of: store)
            await store.close()
            return CompactionFigures(outcome: outcome, seconds: seconds, bytesInUseBefore: before, bytesInUseAfter: after)
        } catch {
            await store.close()
            throw error
        }
    }

    /// SQLite's pages in use, or ``Options/storeBytes`` for another store.
    private func bytesInUse(of store: any LogStore) async throws -> Int {
        if let sqlite = store as? SQLiteStore { return try await sqlite.bytesInUse() }
        return try await options.storeBytes?() ?? 0
    }

    /// Length of the record as an RFC 5424 line (`<PRI>1 TIME HOST APP PROCID - - MSG`), the size rsyslog would write.
    static func syslogLineBytes(_ r: LogRecord) -> Int {
        "<134>1 2026-11-23T09:00:00.000000Z - - - - ".utf8.count + r.hostname.utf8.count + r.app.utf8.count
            + r.procID.utf8.count + r.message.utf8.count
    }

    static func folderSize(_ path: String) -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return files.reduce(0) { total, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: "\(path)/\(name)")[.size] as? NSNumber)?.intValue ?? 0
            return total + size
        }
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Percentile of `values` (nearest rank), 0 when empty.
public func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}
