import IILogsCore
import IILogsStore
import Testing
@testable import IILogsCollector

/// `POST /v1/events` and `GET /v1/instances/{id}/timeline` through the real HTTP server on port 0.
extension CollectorHTTPTests {
    @Test func deployerEventsAreValidatedWithTheFieldNamed() async throws {
        let store = Self.seededStore()
        try await withAPI(store: store) { client in
            let cases: [(String, String)] = [
                (#"{"instance":"i-1","image":"v1"}"#, "event: is required"),
                (#"{"instance":"i-1","image":"v1","event":"exploded"}"#, "event: 'exploded' is not a deployer event"),
                (#"{"image":"v1","event":"launched"}"#, "instance: is required"),
                (#"{"instance":"i 1","image":"v1","event":"launched"}"#, "instance: must not contain spaces"),
                (#"{"instance":"i-1","image":"","event":"launched"}"#, "image: must not be empty"),
                (#"{"instance":"i-1","image":"v1","event":"launched","time":"yesterday"}"#, "time: expected an RFC 3339 time"),
                (#"{"instance":"i-1","image":"v1","event":"launched","time":"2200-01-01T00:00:00Z"}"#, "time: 2200-01-01T00:00:00Z is more than"),
                (#"{"instance":"i-1","image":"v1","event":"launched","id":""}"#, "id: must not be empty"),
                (#"{"instance":"i-1","image":"v1","event":"launched","id":7}"#, "id: must be a string"),
                (#"{"instance":"i-1","image":"v1","event":"launched","colour":"red"}"#, "colour: unknown field"),
                (#"[{"instance":"i-1","image":"v1","event":"launched"},{"instance":"i-1","image":"v1","event":"nope"}]"#, "events[1].event:"),
                (#"[]"#, "body: the array is empty"),
                (#"not json"#, "body: expected a JSON object"),
                ("{\"instance\":\"i-1\",\"image\":\"v1\",\"event\":\"launched\",\"detail\":\"\(String(repeating: "x", count: 5000))\"}",
                 "detail: is 5000 bytes; mustn't exceed 4096"),
            ]
            for (body, prefix) in cases {
                let response = try await client.post("/v1/events", json: body)
                #expect(response.status == 400, "\(body.prefix(80))")
                let error = try response.decode(APIErrorBody.self).error
                #expect(error.code == "bad_event")
                #expect(error.message.hasPrefix(prefix), "\(error.message)")
            }
            // Nothing was stored by the refused requests.
            #expect(try await store.events(instanceID: "i-1").isEmpty)
            let conflict = try await client.post("/v1/events", json: #"{"instance":"i-a","image":"v2","event":"terminated"}"#)
            #expect(conflict.status == 409)
            #expect(try conflict.decode(APIErrorBody.self).error.message == "image: instance i-a runs image v1, not v2")
        }
    }

    @Test func deployerEventsAreIdempotentAndShowInTheTimeline() async throws {
        let store = Self.seededStore()
        try await withAPI(store: store) { client in
            let launched = #"{"instance":"i-new","image":"v3","event":"launched","time":"2026-01-15T08:00:00Z","detail":"asg scale-out"}"#
            let first = try await client.post("/v1/events", json: launched)
            #expect(first.status == 201)
            let created = try first.decode(APIPostEventsResponse.self)
            #expect(created.created == 1 && created.duplicates == 0)
            #expect(created.results.first?.status == "created")
            #expect(created.results.first?.id == "launched@\(RFC3339.parse("2026-01-15T08:00:00Z")!.nanosecondsSinceEpoch)")

            let again = try await client.post("/v1/events", json: launched)
            #expect(again.status == 200)
            #expect(try again.decode(APIPostEventsResponse.self).results.map(\.status) == ["duplicate"])

            let batch = """
                [{"instance":"i-new","image":"v3","event":"terminated","time":"2026-01-15T08:10:00Z","id":"t-1"},
                 {"instance":"i-new","image":"v3","event":"terminated","time":"2026-01-15T08:10:05Z","id":"t-1"}]
                """
            let mixed = try await client.post("/v1/events", json: batch).decode(APIPostEventsResponse.self)
            #expect(mixed.results.map(\.status) == ["created", "duplicate"])
            #expect(try await store.events(instanceID: "i-new").map(\.event.name) == [.launched, .terminated])

            let listed = try await client.get("/v1/instances/i-new").decode(APIInstance.self)
            #expect(listed.image == "v3")
            #expect(listed.state == "terminated")

            let timeline = try await client.get("/v1/instances/i-new/timeline")
            #expect(timeline.status == 200)
            let t = try timeline.decode(APITimeline.self)
            #expect(t.state == "terminated")
            #expect(t.entries.filter { $0.kind == "event" }.map(\.name) == ["launched", "terminated"])
            #expect(t.entries.filter { $0.kind == "event" }.allSatisfy { $0.source == "deployer" })
            #expect(t.entries.first?.offsetSeconds == 0)
            #expect(t.entries.last?.kind == "end")
            #expect(t.entries.last?.offsetSeconds == 600)

            #expect(try await client.get("/v1/instances/i-nope/timeline").status == 404)
            #expect(try await client.get("/v1/instances/i-new/timeline?verbose=1").status == 400)
        }
    }
}
