import Hummingbird
import IILogsCore
import IILogsStore

/// `GET /v1/activity[?window=30m&step=1m]`: lines and error lines per image version per step, from the chunk
/// index (docs/API.md).
struct ActivityController: Sendable {
    let store: any LogStore

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/activity") { request, _ in try await self.activity(request) }
    }

    func activity(_ request: Request) async throws(APIError) -> JSONBody<APIActivityResponse> {
        let query = try ActivityRequest.parse(request.queryDictionary, now: .now())
        do {
            return JSONBody(APIActivityResponse(try await store.imageActivity(query), query: query))
        } catch {
            throw .store(error)
        }
    }
}
