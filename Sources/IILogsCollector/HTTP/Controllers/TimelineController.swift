import Hummingbird
import IILogsCore
import IILogsStore

/// `GET /v1/instances/{id}/timeline`: an instance's life story (docs/API.md).
struct TimelineController: Sendable {
    let store: any LogStore
    let lostAfter: Duration

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/instances/:id/timeline") { request, context in
            try await self.show(id: context.parameters.require("id"), parameters: request.queryDictionary)
        }
    }

    func show(id: String, parameters: [String: String]) async throws(APIError) -> JSONBody<APITimeline> {
        if let unknown = parameters.keys.sorted().first {
            throw .badParameter(unknown, "unknown parameter; the timeline takes none")
        }
        let timeline: Timeline?
        do {
            timeline = try await store.timeline(instanceID: id, now: .now(), lostAfter: lostAfter)
        } catch {
            throw .store(error)
        }
        guard let timeline else { throw .notFound("no instance '\(id)'") }
        return JSONBody(APITimeline(timeline))
    }
}
