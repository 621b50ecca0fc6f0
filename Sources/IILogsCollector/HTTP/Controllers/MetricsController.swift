import Hummingbird
import IILogsCore
import IILogsStore

/// `GET /v1/metrics` (series of an instance or an image, raw or stepped, with percentiles across an image's
/// instances) and `GET /v1/metrics/names` (docs/API.md).
struct MetricsController: Sendable {
    let store: any LogStore

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/metrics") { request, _ in try await self.series(request) }
        router.get("/v1/metrics/names") { request, _ in try await self.names(request) }
    }

    func series(_ request: Request) async throws(APIError) -> JSONBody<APIMetricsResponse> {
        let parameters = request.queryDictionary
        let query = try MetricsRequest.parse(parameters, now: .now())
        let started = ContinuousClock.now
        let result: MetricQueryResult
        do {
            result = try await store.metricSeries(query)
        } catch {
            throw .store(error)
        }
        let elapsed = (ContinuousClock.now - started).totalNanoseconds / 1000
        return JSONBody(APIMetricsResponse(result, query: query, step: parameters["step"], elapsedMicroseconds: Int(elapsed)))
    }

    func names(_ request: Request) async throws(APIError) -> JSONBody<APIMetricNamesResponse> {
        let parameters = request.queryDictionary
        if let unknown = parameters.keys.sorted().first(where: { $0 != "instance" && $0 != "image" }) {
            throw .badParameter(unknown, "unknown parameter; known: image, instance")
        }
        let scope = try MetricsRequest.scope(parameters)
        do {
            return JSONBody(APIMetricNamesResponse(names: try await store.metricNames(scope).map(APIMetricName.init)))
        } catch {
            throw .store(error)
        }
    }
}
