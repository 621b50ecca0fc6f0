#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import IILogsCore
import IILogsStore

/// `GET /v1/quarantine`, `GET /v1/quarantine/{instance}`, `POST /v1/quarantine/{instance}/release` (docs/API.md).
struct QuarantineController: Sendable {
    /// Largest release body accepted.
    static let maxBodyBytes = 16 << 10
    /// Longest release reason accepted, in bytes.
    static let maxReasonBytes = 1024

    let store: any LogStore
    let evaluator: RuleEvaluator?
    let lostAfter: Duration

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/quarantine") { request, _ in try await self.list(request) }
        router.get("/v1/quarantine/:instance") { _, context in try await self.show(context.parameters.require("instance")) }
        router.post("/v1/quarantine/:instance/release") { request, context in
            try await self.release(context.parameters.require("instance"), request: request)
        }
    }

    func list(_ request: Request) async throws(APIError) -> JSONBody<APIFlagsResponse> {
        let parameters = request.queryDictionary
        if let unknown = parameters.keys.sorted().first(where: { $0 != "all" }) {
            throw .badParameter(unknown, "unknown parameter; known: all")
        }
        let all: Bool
        switch parameters["all"] {
        case nil, "false": all = false
        case "true": all = true
        case let other?: throw .badParameter("all", "must be true or false, got '\(other)'")
        }
        let filter = FlagFilter(openOnly: true, action: all ? nil : StoredFlag.quarantineAction)
        do {
            return JSONBody(APIFlagsResponse(flags: try await store.flags(filter).map(APIFlag.init)))
        } catch {
            throw .store(error)
        }
    }

    func show(_ instance: String) async throws(APIError) -> JSONBody<APIInstanceFlagsResponse> {
        let state = try await state(of: instance)
        do {
            let flags = try await store.flags(FlagFilter(instanceID: instance))
            return JSONBody(APIInstanceFlagsResponse(instance: instance, state: state.rawValue, flags: flags.map(APIFlag.init)))
        } catch {
            throw .store(error)
        }
    }

    func release(_ instance: String, request: Request) async throws -> JSONBody<APIReleaseResponse> {
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            throw APIError(status: .contentTooLarge, code: "too_large", message: "body: larger than \(Self.maxBodyBytes) bytes")
        }
        let reason = try Self.reason(Array(body.readableBytesView))
        _ = try await state(of: instance)
        let released: [StoredFlag]
        do {
            released = try await store.releaseFlags(instanceID: instance, reason: reason, at: .now())
        } catch {
            throw APIError.store(error)
        }
        guard !released.isEmpty else {
            throw APIError(status: .conflict, code: "not_flagged", message: "instance \(instance) has no open flag to release")
        }
        await evaluator?.release(instanceID: instance)
        let state = try await state(of: instance)
        return JSONBody(APIReleaseResponse(instance: instance, released: released.map(APIFlag.init), state: state.rawValue))
    }

    /// The `reason` of a release body: required, not blank, at most ``maxReasonBytes``.
    static func reason(_ bytes: [UInt8]) throws(APIError) -> String {
        let request: APIReleaseRequest
        do {
            request = try JSONDecoder().decode(APIReleaseRequest.self, from: Data(bytes))
        } catch {
            throw APIError(status: .badRequest, code: "bad_body", message: "body: expected JSON {\"reason\": \"why\"}")
        }
        let reason = request.reason.trimmingSpaces()
        guard !reason.isEmpty else { throw APIError(status: .badRequest, code: "bad_body", message: "reason: must not be empty") }
        guard reason.utf8.count <= maxReasonBytes else {
            throw APIError(status: .badRequest, code: "bad_body", message: "reason: longer than \(maxReasonBytes) bytes")
        }
        return reason
    }

    private func state(of instance: String) async throws(APIError) -> InstanceState {
        let summary: InstanceSummary?
        do {
            summary = try await store.instances(InstanceFilter(instanceID: instance, now: .now(), lostAfter: lostAfter))
                .first { $0.identity.instanceID == instance }
        } catch {
            throw .store(error)
        }
        guard let summary else { throw .notFound("no instance '\(instance)'") }
        return summary.state
    }
}
