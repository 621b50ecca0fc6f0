import Hummingbird
import IILogsCore
import IILogsStore

/// `POST /v1/events`: lifecycle events announced by deployers (docs/API.md), validated and idempotent.
struct EventsController: Sendable {
    let store: any LogStore
    let lostAfter: Duration

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/events") { request, _ in try await self.post(request) }
    }

    func post(_ request: Request) async throws -> JSONBody<APIPostEventsResponse> {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: DeployerEventsRequest.maxBodyBytes)
        } catch {
            throw APIError(status: .contentTooLarge, code: "too_large",
                           message: "body: larger than \(DeployerEventsRequest.maxBodyBytes) bytes; send fewer events per request")
        }
        let now = Timestamp.now()
        let events = try DeployerEventsRequest.parse(Array(body.readableBytesView), now: now)
        return try await record(events, now: now)
    }

    func record(_ events: [DeployerEvent], now: Timestamp) async throws(APIError) -> JSONBody<APIPostEventsResponse> {
        let outcomes: [DeployerEventOutcome]
        do {
            try await checkImages(events, now: now)
            outcomes = try await store.recordDeployerEvents(events, receivedAt: now)
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            throw .store(error)
        } catch {
            throw APIError(status: .internalServerError, code: "internal", message: "\(error)")
        }
        let results = zip(events, outcomes).map { event, outcome in
            APIDeployerEventResult(id: event.id, instance: event.instanceID, event: event.name.rawValue,
                                   time: RFC3339.format(event.time), status: outcome.rawValue)
        }
        let created = outcomes.filter { $0 == .created }.count
        return JSONBody(APIPostEventsResponse(results: results, created: created, duplicates: outcomes.count - created),
                        status: created > 0 ? .created : .ok)
    }

    /// A known instance keeps its image: an event naming another one is a 409 (nothing is stored).
    private func checkImages(_ events: [DeployerEvent], now: Timestamp) async throws {
        var checked: [String: String?] = [:]
        for (index, event) in events.enumerated() {
            if checked[event.instanceID] == nil {
                let known = try await store.instances(InstanceFilter(instanceID: event.instanceID, now: now, lostAfter: lostAfter))
                    .first { $0.identity.instanceID == event.instanceID }
                checked[event.instanceID] = .some(known?.identity.imageVersion)
            }
            if case let image?? = checked[event.instanceID], image != event.imageVersion {
                let field = events.count == 1 ? "image" : "events[\(index)].image"
                throw APIError.conflict(field, "instance \(event.instanceID) runs image \(image), not \(event.imageVersion)")
            }
        }
    }
}
