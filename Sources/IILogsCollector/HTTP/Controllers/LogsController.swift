import Hummingbird
import IILogsCore
import IILogsStore

/// `GET /v1/logs`: log lines of an instance, an image version or everything, filtered (docs/API.md).
struct LogsController: Sendable {
    let store: any LogStore

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/logs") { request, _ in try await self.list(request) }
    }

    func list(_ request: Request) async throws(APIError) -> JSONBody<APILogsResponse> {
        let query = try LogsRequest.parse(request.queryDictionary, now: .now())
        let started = ContinuousClock.now
        let result: LogQueryResult
        do {
            result = try await store.queryLogs(query)
        } catch {
            throw .store(error)
        }
        let elapsed = (ContinuousClock.now - started).totalNanoseconds / 1000
        return JSONBody(APILogsResponse(lines: result.lines.map(APILogLine.init),
                                        stats: APIQueryStats(result.stats, elapsedMicroseconds: Int(elapsed))))
    }
}
