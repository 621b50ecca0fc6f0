import IILogsCore
import IILogsRules
import IILogsStore
import Testing
@testable import IILogsCollector

@Suite struct PrometheusExpositionTests {
    @Test func histogramCountsEachObservationInItsBucketCumulatively() {
        let histogram = CommitHistogram()
        histogram.observe(.microseconds(300))   // ≤ 0.0005
        histogram.observe(.milliseconds(2))     // ≤ 0.0025
        histogram.observe(.seconds(3))          // +Inf
        let snapshot = histogram.snapshot()
        #expect(snapshot.cumulativeCounts == [1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3])
        #expect(snapshot.count == 3)
        #expect(abs(snapshot.sumSeconds - 3.0023) < 1e-9)
    }

    @Test func syslogLimitCountersAreExposed() {
        let counters = CollectorCounters()
        counters.syslogReadThrottled(for: .milliseconds(1_500))
        counters.syslogReadThrottled(for: .milliseconds(250))
        counters.refused(reason: SyslogIngestServer.udpRateLimitReason)
        let lines = PrometheusExposition.render(counters.snapshot(), commits: counters.batchCommit.snapshot()).split(separator: "\n")
        for expected in [
            "iilogs_syslog_throttled_reads_total 2",
            "iilogs_syslog_throttled_seconds_total 1.75",
            "iilogs_refused_total{reason=\"syslog_rate_limit\"} 1",
            "# TYPE iilogs_syslog_throttled_seconds_total counter",
        ] {
            #expect(lines.contains { $0 == expected }, "missing line: \(expected)")
        }
    }

    @Test func rendersEveryRequiredFamilyWithHelpAndType() {
        let counters = CollectorCounters()
        counters.connectionOpened()
        counters.refused(.wrongInstance)
        counters.refused(.badToken)
        counters.refused(.badToken)
        counters.batchStored(lineCount: 500, duplicate: false)
        counters.batchStored(lineCount: 500, duplicate: true)
        counters.received(bytes: 4096)
        counters.batchCommit.observe(.milliseconds(4))
        let text = PrometheusExposition.render(counters.snapshot(), commits: counters.batchCommit.snapshot())
        let lines = text.split(separator: "\n").map(String.init)
        for expected in [
            "iilogs_ingested_lines_total 500",
            "iilogs_ingested_bytes_total 4096",
            "iilogs_batches_total{outcome=\"stored\"} 1",
            "iilogs_batches_total{outcome=\"duplicate\"} 1",
            "iilogs_refused_total{reason=\"bad_token\"} 2",
            "iilogs_refused_total{reason=\"wrong_instance\"} 1",
            "iilogs_connections 1",
            "iilogs_batch_commit_seconds_bucket{le=\"0.0025\"} 0",
            "iilogs_batch_commit_seconds_bucket{le=\"0.005\"} 1",
            "iilogs_batch_commit_seconds_bucket{le=\"+Inf\"} 1",
            "iilogs_batch_commit_seconds_count 1",
        ] {
            #expect(lines.contains(expected), "missing line: \(expected)")
        }
        // Every sample belongs to a family announced by HELP and TYPE before it.
        var announced: Set<String> = []
        for line in lines {
            if line.hasPrefix("# TYPE ") {
                announced.insert(String(line.split(separator: " ")[2]))
            } else if !line.hasPrefix("#") {
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                let family = ["_bucket", "_sum", "_count"].reduce(name) { name, suffix in
                    name.hasSuffix(suffix) && announced.contains(String(name.dropLast(suffix.count))) ? String(name.dropLast(suffix.count)) : name
                }
                #expect(announced.contains(family), "sample before its TYPE: \(line)")
                #expect(line.split(separator: " ").count == 2, "not NAME VALUE: \(line)")
            }
        }
    }

    @Test func compactionCountersAddUpEveryPass() {
        let counters = CollectorCounters()
        var outcome = CompactionOutcome()
        (outcome.chunksMerged, outcome.chunksWritten, outcome.linesRewritten) = (50, 2, 1_000)
        (outcome.bytesBefore, outcome.bytesAfter, outcome.corruptChunksSkipped) = (90_000, 30_000, 1)
        (outcome.chunksRecoded, outcome.dictionariesBuilt) = (7, 1)
        counters.compaction.passed(outcome)
        counters.compaction.passed(outcome)
        counters.compaction.failed()
        let lines = PrometheusExposition.render(counters.snapshot(), commits: counters.batchCommit.snapshot(),
                                                compaction: counters.compaction.snapshot).split(separator: "\n")
        for expected in [
            "iilogs_compaction_passes_total{result=\"ok\"} 2",
            "iilogs_compaction_passes_total{result=\"failed\"} 1",
            "iilogs_compaction_chunks_total{kind=\"merged\"} 100",
            "iilogs_compaction_chunks_total{kind=\"written\"} 4",
            "iilogs_compaction_chunks_total{kind=\"recoded\"} 14",
            "iilogs_template_dictionaries_built_total 2",
            "iilogs_compaction_lines_total 2000",
            "iilogs_compaction_bytes_total{state=\"before\"} 180000",
            "iilogs_compaction_bytes_total{state=\"after\"} 60000",
            "iilogs_compaction_corrupt_chunks_total 2",
        ] {
            #expect(lines.contains { $0 == expected }, "missing line: \(expected)")
        }
    }

    @Test func labelValuesAreEscaped() {
        #expect(PrometheusExposition.escape("a\"b\\c\nd") == "a\\\"b\\\\c\\nd")
    }
}

extension CollectorHTTPTests {
    @Test func metricsEndpointServesTheTextFormat() async throws {
        let counters = CollectorCounters()
        counters.refused(.frameTooLarge)
        counters.batchStored(lineCount: 7, duplicate: false)
        try await withAPI(store: Self.seededStore(), counters: counters) { client in
            let response = try await client.get("/metrics")
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == PrometheusExposition.contentType)
            let text = String(decoding: response.body, as: UTF8.self)
            #expect(text.contains("iilogs_ingested_lines_total 7\n"))
            #expect(text.contains("iilogs_refused_total{reason=\"frame_too_large\"} 1\n"))
        }
    }

    @Test func ruleCountersAppearOnlyWhenRulesAreOn() {
        var rules = RuleEngine.Counters()
        rules.lines = 3_000
        rules.blocksInflated = 2
        rules.blocksSkipped = 1
        rules.flags = 4
        let on = PrometheusExposition.render(CollectorCounters().snapshot(), commits: CommitHistogram().snapshot(), rules: rules)
            .split(separator: "\n").map(String.init)
        for expected in ["iilogs_rules_lines_total 3000", "iilogs_rules_blocks_total{read=\"inflated\"} 2",
                         "iilogs_rules_blocks_total{read=\"skipped\"} 1", "iilogs_rules_flags_total 4",
                         "iilogs_rules_unreadable_blocks_total 0", "# TYPE iilogs_rules_blocks_total counter"] {
            #expect(on.contains(expected), "missing \(expected)")
        }
        let off = PrometheusExposition.render(CollectorCounters().snapshot(), commits: CommitHistogram().snapshot())
        #expect(!off.contains("iilogs_rules_"))
    }
}
