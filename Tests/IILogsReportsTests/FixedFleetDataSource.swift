import IILogsCore
import IILogsReports
import IILogsStore

/// A ``FleetDataSource`` over fixed arrays, for assembler tests: it applies scope, time bounds, severity,
/// limit and keep to logs as the stores do, and scope and time bounds to metric series (which are given
/// already folded into steps).
struct FixedFleetDataSource: FleetDataSource {
    var instanceList: [APIInstance] = []
    var imageList: [APIImage] = []
    /// Oldest first.
    var lines: [APILogLine] = []
    var timelines: [String: APITimeline] = [:]
    /// Per instance.
    var series: [String: [APIMetricSeries]] = [:]
    /// Per instance; an instance missing here answers nil (the source cannot tell).
    var flagsByInstance: [String: [APIFlag]] = [:]
    /// The answer to every `activity` call; nil answers no image.
    var activityAnswer: APIActivityResponse?

    func logs(_ query: LogQuery) async throws -> APILogsResponse {
        var out = lines.filter { line in
            switch query.scope {
            case .instance(let id): if line.instance != id { return false }
            case .image(let image): if line.image != image { return false }
            case .all: break
            }
            let time = RFC3339.parse(line.time) ?? .zero
            if let since = query.since, time < since { return false }
            if let until = query.until, time >= until { return false }
            if let min = query.minSeverity, !(Severity(name: line.severity) ?? .debug).isAtLeast(min) { return false }
            return true
        }
        if query.limit > 0 && out.count > query.limit {
            out = query.keep == .newest ? Array(out.suffix(query.limit)) : Array(out.prefix(query.limit))
        }
        return APILogsResponse(lines: out, stats: APIQueryStats(chunksConsidered: 0, chunksSkippedBySeverity: 0, chunksSkippedByFilter: 0,
                                                                chunksDecoded: 0, chunksCorrupt: 0, linesScanned: 0, elapsedMicroseconds: 0))
    }

    func instances(image: String?, state: InstanceState?) async throws -> [APIInstance] {
        instanceList.filter { (image == nil || $0.image == image) && (state == nil || $0.state == state?.rawValue) }
    }

    func instance(_ id: String) async throws -> APIInstance? { instanceList.first { $0.instance == id } }
    func images() async throws -> [APIImage] { imageList }
    func timeline(_ id: String) async throws -> APITimeline? { timelines[id] }
    func flags(instance id: String) async throws -> [APIFlag]? { flagsByInstance[id] }

    func metrics(_ query: MetricQuery) async throws -> APIMetricsResponse {
        guard case .instance(let id) = query.scope else { return response([]) }
        let inWindow = (series[id] ?? []).filter { query.name.matches($0.name) }.map { s in
            var s = s
            s.points = s.points.filter { p in
                let t = RFC3339.parse(p.time) ?? .zero
                return (query.since.map { t >= $0 } ?? true) && (query.until.map { t < $0 } ?? true)
            }
            return s
        }.filter { !$0.points.isEmpty }
        return response(inWindow)
    }

    func metricNames(_ scope: MetricQuery.Scope) async throws -> [APIMetricName] { [] }
    func activity(window: Duration, step: Duration) async throws -> APIActivityResponse {
        activityAnswer ?? APIActivityResponse(since: "", until: "", step: DurationParser.format(step), images: [])
    }

    private func response(_ series: [APIMetricSeries]) -> APIMetricsResponse {
        APIMetricsResponse(series: series, percentiles: nil, step: "30s", aggregate: "avg",
                           stats: APIMetricStats(seriesMatched: series.count, chunksDecoded: 0, chunksCorrupt: 0, samplesScanned: 0,
                                                 elapsedMicroseconds: 0))
    }
}
