import Hummingbird
import NIOCore
import IILogsCore

/// `GET /v1/stats` (the collector's own counters as JSON), `GET /metrics` (the same for Prometheus)
/// and `GET /healthz`.
struct StatsController: Sendable {
    let counters: CollectorCounters
    let startedAt: Timestamp
    /// The rules' evaluator, for its counters in `/metrics`; nil when rules are off.
    let evaluator: RuleEvaluator?

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/stats") { _, _ in self.stats() }
        router.get("/metrics") { _, _ in await self.metrics() }
        router.get("/healthz") { _, _ in "ok" }
    }

    func metrics() async -> Response {
        let rules = await evaluator?.counters
        let text = PrometheusExposition.render(counters.snapshot(), commits: counters.batchCommit.snapshot(), rules: rules,
                                               compaction: counters.compaction.snapshot)
        return Response(status: .ok, headers: [.contentType: PrometheusExposition.contentType],
                        body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    func stats() -> JSONBody<CollectorStats> {
        JSONBody(CollectorStats(version: CollectorVersion.current, startedAt: RFC3339.format(startedAt), counters: counters.snapshot()))
    }
}

/// The body of `GET /v1/stats`.
public struct CollectorStats: Codable, Sendable, Hashable {
    public var version: String
    /// RFC 3339 time the collector started.
    public var startedAt: String
    public var counters: CollectorCounters.Snapshot
}
