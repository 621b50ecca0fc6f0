import Hummingbird
import IILogsCore
import IILogsRules
import IILogsStore

/// `GET /v1/images/{V}/health[?baseline=W]` (the verdict as JSON) and `GET /v1/images/{V}/gate[?baseline=W]`
/// (200 when healthy, 503 otherwise, same body) for deploy pipelines (docs/API.md, docs/RULES.md).
struct HealthController: Sendable {
    let store: any LogStore
    let evaluator: RuleEvaluator?
    let lostAfter: Duration

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/images/:version/health") { request, context in
            try await self.health(context.parameters.require("version"), request: request, gate: false)
        }
        router.get("/v1/images/:version/gate") { request, context in
            try await self.health(context.parameters.require("version"), request: request, gate: true)
        }
    }

    func health(_ version: String, request: Request, gate: Bool) async throws(APIError) -> JSONBody<HealthResponse> {
        let parameters = request.queryDictionary
        if let unknown = parameters.keys.sorted().first(where: { $0 != "baseline" }) {
            throw .badParameter(unknown, "unknown parameter; known: baseline")
        }
        if let baseline = parameters["baseline"] {
            guard !baseline.isEmpty else { throw .badParameter("baseline", "must not be empty") }
            guard baseline != version else { throw .badParameter("baseline", "must differ from the image itself") }
        }
        guard let evaluator else {
            throw APIError(status: .serviceUnavailable, code: "rules_off", message: "the collector runs with --no-rules: no health verdicts")
        }
        let now = Timestamp.now()
        let report = await evaluator.health(image: version, baseline: parameters["baseline"], now: now)
        var registry: [String: Int] = [:]
        do {
            if let image = try await store.images(at: now, lostAfter: lostAfter).first(where: { $0.imageVersion == version }) {
                for (state, count) in image.byState { registry[state.rawValue] = count }
            }
        } catch {
            throw .store(error)
        }
        let status: HTTPResponse.Status = !gate || report.verdict == .healthy ? .ok : .serviceUnavailable
        return JSONBody(HealthResponse(report: report, registry: registry), status: status)
    }
}
