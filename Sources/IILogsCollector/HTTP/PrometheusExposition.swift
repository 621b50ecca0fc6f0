public import IILogsRules
import IILogsStore

/// Renders the collector's counters in the Prometheus text exposition format (version 0.0.4).
///
/// Written by hand: the format is a few lines of text per metric and the counters already exist
/// (``CollectorCounters``), so a metrics library would add a dependency and a second set of counters.
/// Label values are escaped as the format requires; no instance ID ever becomes a label.
public enum PrometheusExposition {
    /// The `Content-Type` of ``render(_:commits:)``'s output.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The whole `/metrics` body; `rules` adds the rule engine's counters when rules are on.
    public static func render(_ counters: CollectorCounters.Snapshot, commits: CommitHistogram.Snapshot,
                              rules: RuleEngine.Counters? = nil, compaction: CompactionCounters.Snapshot = .init()) -> String {
        var out = ""
        counter(&out, "iilogs_ingested_lines_total", "Log lines durably stored (agent protocol and plain syslog).",
                [("", counters.lines)])
        counter(&out, "iilogs_ingested_bytes_total", "Bytes received on agent connections (compressed frames).",
                [("", counters.bytesReceived)])
        counter(&out, "iilogs_batches_total", "Batches stored, by outcome.",
                [("outcome=\"stored\"", counters.batches), ("outcome=\"duplicate\"", counters.duplicateBatches)])
        counter(&out, "iilogs_refused_total", "Agent connections or batches refused, and plain-syslog connections or datagrams refused or dropped, by reason.",
                counters.refusals.sorted { $0.key < $1.key }.map { ("reason=\"\(escape($0.key))\"", $0.value) })
        gauge(&out, "iilogs_connections", "Agent connections open now.", counters.connectionsCurrent)
        counter(&out, "iilogs_connections_total", "Agent connections accepted.", [("", counters.connectionsTotal)])
        counter(&out, "iilogs_syslog_messages_total", "Plain-syslog messages received, by result.",
                [("result=\"parsed\"", counters.syslogMessages - counters.syslogParseErrors),
                 ("result=\"parse_error\"", counters.syslogParseErrors)])
        counter(&out, "iilogs_syslog_truncated_total", "Plain-syslog messages cut at the message size limit.",
                [("", counters.syslogTruncated)])
        counter(&out, "iilogs_syslog_lines_total", "Plain-syslog lines durably stored.", [("", counters.syslogLines)])
        counter(&out, "iilogs_throttled_batches_total", "Batches held back because their instance was over its records-per-second limit.",
                [("", counters.throttledBatches)])
        counter(&out, "iilogs_syslog_throttled_reads_total",
                "Plain-syslog TCP/TLS reads paused because their sender was over its records-per-second limit (stored later, not dropped).",
                [("", counters.syslogThrottledReads)])
        header(&out, "iilogs_syslog_throttled_seconds_total", "Time plain-syslog TCP/TLS reads were paused by the records-per-second limit.", "counter")
        out += "iilogs_syslog_throttled_seconds_total \(Double(counters.syslogThrottledMilliseconds) / 1000)\n"
        histogram(&out, "iilogs_batch_commit_seconds", "Time from handing a batch to the store to its durable commit.", commits)
        counter(&out, "iilogs_compaction_passes_total", "Compaction passes, by result (a failed pass is logged and retried by the next).",
                [("result=\"ok\"", compaction.passes), ("result=\"failed\"", compaction.failedPasses)])
        counter(&out, "iilogs_compaction_chunks_total",
                "Small log chunks merged away, the chunks written in their place, and chunks encoded again against their image's template dictionary.",
                [("kind=\"merged\"", compaction.totals.chunksMerged), ("kind=\"written\"", compaction.totals.chunksWritten),
                 ("kind=\"recoded\"", compaction.totals.chunksRecoded)])
        counter(&out, "iilogs_template_dictionaries_built_total", "Template dictionaries built, one per image (ADR 016).",
                [("", compaction.totals.dictionariesBuilt)])
        counter(&out, "iilogs_compaction_lines_total", "Log lines decoded and written again by compaction.", [("", compaction.totals.linesRewritten)])
        counter(&out, "iilogs_compaction_bytes_total", "Compressed bytes (blob and token filter) of the chunks compaction rewrote, before and after.",
                [("state=\"before\"", compaction.totals.bytesBefore), ("state=\"after\"", compaction.totals.bytesAfter)])
        counter(&out, "iilogs_compaction_corrupt_chunks_total", "Chunks compaction left alone because they failed to decode.",
                [("", compaction.totals.corruptChunksSkipped)])
        if let rules {
            counter(&out, "iilogs_rules_lines_total", "Log lines the rules counted.", [("", rules.lines)])
            counter(&out, "iilogs_rules_blocks_total", "Agent log blocks the rules scanned, by whether they had to be inflated or the summary ruled every line out.",
                    [("read=\"inflated\"", rules.blocksInflated), ("read=\"skipped\"", rules.blocksSkipped)])
            counter(&out, "iilogs_rules_unreadable_blocks_total", "Stored log blocks the rules could not read (counted, not matched).",
                    [("", rules.unreadableBlocks)])
            counter(&out, "iilogs_rules_flags_total", "Flags the rules raised.", [("", rules.flags)])
            counter(&out, "iilogs_rules_untracked_records_total", "Records of instances beyond the engine's instance limit, not evaluated.",
                    [("", rules.untrackedRecords)])
            counter(&out, "iilogs_rules_handed_over_total", "Silent instances left to the collector sharing the store that heard them last.",
                    [("", rules.handedOver)])
        }
        return out
    }

    private static func header(_ out: inout String, _ name: String, _ help: String, _ type: String) {
        out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    private static func counter(_ out: inout String, _ name: String, _ help: String, _ samples: [(labels: String, value: Int)]) {
        header(&out, name, help, "counter")
        for sample in samples {
            out += sample.labels.isEmpty ? "\(name) \(sample.value)\n" : "\(name){\(sample.labels)} \(sample.value)\n"
        }
    }

    private static func gauge(_ out: inout String, _ name: String, _ help: String, _ value: Int) {
        header(&out, name, help, "gauge")
        out += "\(name) \(value)\n"
    }

    private static func histogram(_ out: inout String, _ name: String, _ help: String, _ snapshot: CommitHistogram.Snapshot) {
        header(&out, name, help, "histogram")
        for (bound, count) in zip(CommitHistogram.bucketBounds, snapshot.cumulativeCounts) {
            out += "\(name)_bucket{le=\"\(bound)\"} \(count)\n"
        }
        out += "\(name)_bucket{le=\"+Inf\"} \(snapshot.count)\n"
        out += "\(name)_sum \(snapshot.sumSeconds)\n"
        out += "\(name)_count \(snapshot.count)\n"
    }

    /// Escapes a label value: backslash, double quote and line feed.
    static func escape(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
