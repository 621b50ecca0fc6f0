import Hummingbird
import IILogsCore
import IILogsStore

/// `GET /v1/instances` and `GET /v1/instances/{id}` (with its lifecycle events).
struct InstancesController: Sendable {
    let store: any LogStore
    let lostAfter: Duration

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/instances") { request, _ in try await self.list(request) }
        router.get("/v1/instances/:id") { _, context in try await self.show(id: context.parameters.require("id")) }
    }

    func list(_ request: Request) async throws(APIError) -> JSONBody<APIInstancesResponse> {
        let parameters = request.queryDictionary
        if let unknown = parameters.keys.sorted().first(where: { $0 != "image" && $0 != "state" }) {
            throw .badParameter(unknown, "unknown parameter; known: image, state")
        }
        var filter = InstanceFilter(now: .now(), lostAfter: lostAfter)
        if let image = parameters["image"] {
            guard !image.isEmpty else { throw .badParameter("image", "must not be empty") }
            filter.image = image
        }
        if let text = parameters["state"] {
            guard let state = InstanceState(rawValue: text) else {
                let names = InstanceState.allCases.map(\.rawValue).joined(separator: ", ")
                throw .badParameter("state", "unknown state '\(text)'; use one of \(names)")
            }
            filter.state = state
        }
        do {
            return JSONBody(APIInstancesResponse(instances: try await store.instances(filter).map { APIInstance($0) }))
        } catch {
            throw .store(error)
        }
    }

    func show(id: String) async throws(APIError) -> JSONBody<APIInstance> {
        let filter = InstanceFilter(instanceID: id, now: .now(), lostAfter: lostAfter)
        let summary: InstanceSummary?
        let events: [StoredEvent]
        do {
            summary = try await store.instances(filter).first { $0.identity.instanceID == id }
            events = summary == nil ? [] : try await store.events(instanceID: id)
        } catch {
            throw .store(error)
        }
        guard let summary else { throw .notFound("no instance '\(id)'") }
        return JSONBody(APIInstance(summary, events: events))
    }
}
