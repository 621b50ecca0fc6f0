import ArgumentParser
import Foundation
import IILogsCore
import IILogsPostgresStore
import IILogsSimulation
import IILogsStore
import Logging

/// `iilogs bench`: benchmarks that print figures (never pass/fail on timing).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure ingest, disk and query figures on this machine.",
        subcommands: [IngestBench.self, AgentBench.self, CompareRsyslogBench.self, SoakBench.self]
    )
}

/// `iilogs bench ingest`: a seeded fleet through the real TCP path into SQLite, then queries.
struct IngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest a seeded fleet through the collector's TCP path; print lines/s, bytes/line and query times."
    )

    @Option(help: "Simulated instances.") var instances = 1000
    @Option(help: "Lines per instance.") var linesPerInstance = 1000
    @Option(help: "Lines per batch (the agent's batch size).") var linesPerBatch = 1000
    @Option(help: "Concurrent agent connections.") var connections = 8
    @Option(help: "zlib level the simulated agents compress with (1-9).") var compressionLevel: Int32 = 6
    @Option(help: "Block format the simulated agents write, 1 to 5 (docs/CHUNK-FORMAT.md); the default is the one agents write.")
    var blockFormat: UInt8 = LogBlockCodec.formatVersion
    @Option(help: "Workload seed.") var seed: UInt64 = 42
    @Flag(help: "Also ingest the fleet with the collector's rules off and print what evaluating them costs.") var rulesCost = false
    @Flag(help: "Leave kernel OOM kills out of the workload (otherwise every instance logs some and is quarantined).") var noOomKills = false
    @Flag(help: "After ingest, run one compaction pass (small chunks merged, template dictionaries built and used) and measure the store again (see --lines-per-batch).") var compact = false
    @Option(help: ArgumentHelp("Data folder (default: a fresh temporary folder, removed afterwards).", valueName: "DIR")) var data: String?
    @Option(help: ArgumentHelp("Ingest into PostgreSQL instead of SQLite: an empty database (docs/SCALING.md).", valueName: "postgres://USER@HOST:PORT/DB"))
    var store: String?

    func validate() throws {
        guard instances > 0, linesPerInstance > 0, linesPerBatch > 0, connections > 0 else {
            throw ValidationError("--instances, --lines-per-instance, --lines-per-batch and --connections must be positive")
        }
        guard (1...9).contains(compressionLevel) else { throw ValidationError("--compression-level must be 1-9") }
        guard LogBlockCodec.readableFormatVersions.contains(blockFormat) else {
            throw ValidationError("--block-format must be \(LogBlockCodec.readableFormatVersions.lowerBound)-\(LogBlockCodec.readableFormatVersions.upperBound)")
        }
        if let store {
            do {
                _ = try PostgresStoreURL(parsing: store)
            } catch {
                throw ValidationError("--store: \(error.message)")
            }
            // The rules-off phases need fresh stores of their own; on SQLite they would compare unlike with unlike.
            if rulesCost { throw ValidationError("--rules-cost measures on SQLite only: leave out --store") }
        }
    }

    func run() async throws {
        var options = IngestBenchmark.Options()
        options.instances = instances
        options.linesPerInstance = linesPerInstance
        options.linesPerBatch = linesPerBatch
        options.connections = connections
        options.compressionLevel = compressionLevel
        options.blockFormat = blockFormat
        options.seed = seed
        options.measureRulesCost = rulesCost
        options.oomKills = !noOomKills
        options.compact = compact
        if let store {
            let url = try PostgresStoreURL(parsing: store)
            let logger = Logger(label: "iilogs.bench", factory: { _ in SwiftLogNoOpLogHandler() })
            let probe = try await PostgresStore.open(url: url, logger: logger)
            let known = try await probe.instances(InstanceFilter(now: .now(), lostAfter: .seconds(60))).count
            await probe.close()
            guard known == 0 else { throw ValidationError("--store: \(url) already holds \(known) instances: give an empty database") }
            options.openStore = { try await PostgresStore.open(url: url, logger: logger) }
            options.storeBytes = {
                let store = try await PostgresStore.open(url: url, logger: logger)
                let bytes = try? await store.databaseBytes()
                await store.close()
                return bytes ?? 0
            }
        }
        let (result, cliMillis) = try await BenchWorkspace.run(folder: data, prefix: "iilogs-bench") { folder, logger, progress in
            let result = try await IngestBenchmark(options: options, logger: logger).run(dataDirectory: folder, progress: progress)
            // The whole CLI process for one --instance query, as a user would run it (`--data` reads SQLite only).
            return (result, store == nil ? try measureCLIQuery(folder: folder) : [])
        }
        emit("""
            iilogs bench ingest — \(store.map { (try? PostgresStoreURL(parsing: $0).description) ?? $0 } ?? "SQLite"), \(result.lines) lines, \(instances) instances, \(linesPerBatch) lines/batch, \(connections) connections, zlib \(compressionLevel), block format \(blockFormat)
            agent-side encode        \(fmt(result.encodeLinesPerSecond)) lines/s (one core, not part of ingest)
            ingest (TCP, acked)      \(fmt(result.linesPerSecond)) lines/s   \(fmt(result.megabytesPerSecond, 1)) MB/s of RFC 5424 text   \(fmt(result.ingestSeconds, 2)) s
            \(result.ingestSecondsWithoutRules.map { "ingest, rules off       \(fmt(Double(result.lines) / $0)) lines/s   \(fmt($0, 2)) s   (mean of a phase before and after; rules on cost \(fmt(100 * (result.ingestSeconds / $0 - 1), 1)) % more time)\n" } ?? "")ingest (syslog TCP)      \(fmt(result.syslogLinesPerSecond)) lines/s   \(result.syslogLines) octet-counted RFC 5424 lines until stored, no acks   \(fmt(result.syslogSeconds, 2)) s
            disk                     \(fmt(result.bytesPerLine, 1)) bytes/line (\(result.bytesOnDisk) bytes, index included; lines average \(fmt(Double(result.rawBytes) / Double(result.lines), 1)) bytes as RFC 5424 text)
            \(result.compaction.map(compactionLine) ?? "")--instance last hour     p50 \(fmt(percentile(result.instanceQueryMillis, 50), 2)) ms   p99 \(fmt(percentile(result.instanceQueryMillis, 99), 2)) ms   (in process, \(result.instanceQueryMillis.count) queries)
            --instance, CLI process  \(cliMillis.isEmpty ? "n/a (iilogs query --data reads SQLite only)" : "p50 \(fmt(percentile(cliMillis, 50), 1)) ms   max \(fmt(cliMillis.max() ?? 0, 1)) ms   (iilogs query --data, \(cliMillis.count) runs)")
            --image --grep           p50 \(fmt(percentile(result.imageGrepMillis, 50), 1)) ms   max \(fmt(result.imageGrepMillis.max() ?? 0, 1)) ms   (all \(result.imageGrepMatches) matching lines)
            --image --grep, newest   p50 \(fmt(percentile(result.imageGrepNewestMillis, 50), 1)) ms   max \(fmt(result.imageGrepNewestMillis.max() ?? 0, 1)) ms   (--limit 1000, the CLI's default)

            """)
    }

    private func compactionLine(_ c: IngestBenchmark.CompactionFigures) -> String {
        let lines = Double(linesPerInstance * instances)
        let rewritten = Double(max(c.outcome.linesRewritten, 1))
        return """
            compaction               \(c.outcome.chunksMerged) chunks → \(c.outcome.chunksWritten), \(c.outcome.dictionariesBuilt) template dictionaries, \(c.outcome.chunksRecoded) chunks recoded, \(fmt(Double(c.outcome.linesRewritten) / max(c.seconds, 1e-9))) lines/s rewritten   \(fmt(c.seconds, 2)) s
            chunk bytes rewritten    \(fmt(Double(c.outcome.bytesBefore) / rewritten, 1)) → \(fmt(Double(c.outcome.bytesAfter) / rewritten, 1)) bytes/line of the \(c.outcome.linesRewritten) lines rewritten (compressed blocks and token filters)
            disk, \(store == nil ? "pages in use      " : "database size     ") \(fmt(Double(c.bytesInUseBefore) / lines, 1)) → \(fmt(Double(c.bytesInUseAfter) / lines, 1)) bytes/line after compaction (\(c.bytesInUseBefore) → \(c.bytesInUseAfter) bytes\(store == nil ? "" : "; PostgreSQL keeps deleted rows' space for reuse, its size does not fall"); the queries below read the compacted store)

            """
    }

    private func measureCLIQuery(folder: String) throws -> [Double] {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var millis: [Double] = []
        for i in 0..<10 {
            let process = Process()
            process.executableURL = executable
            process.arguments = ["query", "--data", folder, "--instance", String(format: "i-%017x", i * 37 % instances + 1),
                                 "--since", "1h", "--output", "jsonl"]
            process.standardOutput = FileHandle.nullDevice
            let start = ContinuousClock.now
            try process.run()
            process.waitUntilExit()
            millis.append((ContinuousClock.now - start).seconds * 1000)
        }
        return millis
    }

    private func fmt(_ value: Double, _ decimals: Int = 0) -> String {
        String(format: "%.\(decimals)f", value)
    }
}
