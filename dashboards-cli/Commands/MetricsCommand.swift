import ArgumentParser
import Foundation
import IILogsCore
import IILogsReports
import IILogsStore

/// `iilogs metrics`: metric series of one instance or one image version.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Print metric series of an instance, or of an image version with percentiles across its instances.",
        discussion: """
            Without --step every sample is printed; with --step samples are folded into buckets aligned to the \
            epoch (--agg avg|min|max|last|count|sum). For an --image with a --step, p50/p90/p99 across its instances \
            are printed after the instances' own series. A sparkline is drawn on a terminal.
            --name takes an exact name (cpu.busy) or a prefix (disk. or disk.*); --names lists what is stored.
            Examples:
              iilogs metrics --instance i-0abc --name cpu.busy --since 1h --step 1m
              iilogs metrics --image v42 --name mem. --step 5m --output jsonl
              iilogs metrics --instance i-0abc --names
            """
    )

    @OptionGroup var source: SourceOptions
    @OptionGroup var out: OutputOptions

    @Option(help: ArgumentHelp("Instance ID.", valueName: "ID")) var instance: String?
    @Option(help: ArgumentHelp("Image version.", valueName: "VERSION")) var image: String?
    @Option(help: ArgumentHelp("Metric name, or a prefix ending in . or *.", valueName: "NAME")) var name: String?
    @Option(name: .customLong("label"), help: ArgumentHelp("Only series with this label (repeatable).", valueName: "NAME=VALUE"))
    var labels: [String] = []
    @Option(help: ArgumentHelp("Start: RFC 3339 time or a duration ago.", valueName: "TIME")) var since: String = "1h"
    @Option(help: ArgumentHelp("End (exclusive): RFC 3339 time or a duration ago.", valueName: "TIME")) var until: String?
    @Option(help: ArgumentHelp("Bucket length (10s, 1m, 1h); raw samples when absent.", valueName: "DURATION")) var step: String?
    @Option(help: "Aggregate per step: avg min max last count sum.") var agg: String = "avg"
    @Option(help: ArgumentHelp("Percentiles across an image's instances (with --image and --step).", valueName: "LIST"))
    var percentiles: String = "50,90,99"
    @Flag(help: "With --image and --step: print only the percentiles, not each instance's series (no series limit).")
    var percentilesOnly = false
    @Flag(help: "List the metric names stored instead of series.") var names = false

    func validate() throws {
        if (instance == nil) == (image == nil) { throw ValidationError("give exactly one of --instance ID or --image VERSION") }
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, DurationParser.parseTime(value, now: .now()) == nil {
                throw ValidationError("\(flag): '\(value)' is neither an RFC 3339 time nor a duration like 2h")
            }
        }
        if let step, (DurationParser.parse(step) ?? .zero) <= .zero {
            throw ValidationError("--step: '\(step)' is not a positive duration (10s, 1m, 1h)")
        }
        if MetricAggregate(rawValue: agg) == nil {
            throw ValidationError("--agg: '\(agg)' is not one of \(MetricAggregate.allCases.map(\.rawValue).joined(separator: " "))")
        }
        if percentilesOnly && (image == nil || step == nil) { throw ValidationError("--percentiles-only needs --image and --step") }
        _ = try parsedLabels()
        _ = try parsedPercentiles()
    }

    func run() async throws {
        let source = try source.makeSource()
        let scope: MetricQuery.Scope = instance.map(MetricQuery.Scope.instance) ?? .image(image ?? "")
        let table = MetricTable(format: out.output, sparkline: isatty(STDOUT_FILENO) == 1)
        if names {
            emit(table.render(try await source.metricNames(scope)))
            return
        }
        let now = Timestamp.now()
        var query = MetricQuery(scope: scope, name: name.map(MetricNameMatch.init(parsing:)) ?? .any, labels: try parsedLabels(),
                                since: DurationParser.parseTime(since, now: now), until: until.flatMap { DurationParser.parseTime($0, now: now) },
                                step: step.flatMap { DurationParser.parse($0) }, aggregate: MetricAggregate(rawValue: agg) ?? .avg)
        if case .image = scope, query.step != nil {
            query.percentiles = try parsedPercentiles()
            query.includeInstanceSeries = !percentilesOnly
        }
        emit(table.render(try await source.metrics(query)))
    }

    private func parsedLabels() throws -> [String: String] {
        var out: [String: String] = [:]
        for label in labels {
            guard let equals = label.firstIndex(of: "="), equals != label.startIndex else {
                throw ValidationError("--label: '\(label)' is not NAME=VALUE")
            }
            out[String(label[..<equals])] = String(label[label.index(after: equals)...])
        }
        return out
    }

    private func parsedPercentiles() throws -> [Double] {
        try percentiles.split(separator: ",").map { item in
            guard let p = Double(item), (0...100).contains(p) else {
                throw ValidationError("--percentiles: '\(item)' is not a number from 0 to 100")
            }
            return p
        }
    }
}
