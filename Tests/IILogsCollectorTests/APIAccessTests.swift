import Hummingbird
import IILogsCore
import Testing
@testable import IILogsCollector

@Suite struct APIAccessTests {
    func status(_ access: APIAccess, _ method: HTTPRequest.Method, _ path: String = "/v1/logs", token: String? = nil) -> Int {
        access.check(method: method, path: path, authorization: token.map { "Bearer \($0)" }).map { Int($0.status.code) } ?? 200
    }

    @Test func everyCombinationOfTokensAsDocumented() {
        let open = APIAccess()
        #expect(open.isOpen && status(open, .get) == 200 && status(open, .post, "/v1/events") == 200)

        let deployerOnly = APIAccess(deployerToken: "dep")
        #expect(status(deployerOnly, .get) == 200)
        #expect(status(deployerOnly, .post, "/v1/events") == 401)
        #expect(status(deployerOnly, .post, "/v1/events", token: "dep") == 200)

        let readOnly = APIAccess(readToken: "rd")
        #expect(status(readOnly, .get) == 401 && status(readOnly, .get, token: "nope") == 401)
        #expect(status(readOnly, .get, token: "rd") == 200)
        #expect(status(readOnly, .post, "/v1/events", token: "rd") == 403, "deployer endpoints disabled without a deployer token")

        let both = APIAccess(readToken: "rd", deployerToken: "dep")
        #expect(status(both, .get, token: "rd") == 200 && status(both, .get, token: "dep") == 200)
        #expect(status(both, .post, "/v1/quarantine/i-a/release", token: "rd") == 403)
        #expect(status(both, .post, "/v1/quarantine/i-a/release", token: "dep") == 200)
        #expect(status(both, .post, "/v1/quarantine/i-a/release") == 401)
        #expect(status(both, .get, "/healthz") == 200, "health checks need no token")
        #expect(APIAccess(readToken: "", deployerToken: "").isOpen, "empty tokens count as none")
    }

    @Test func bearerParsing() {
        #expect(APIAccess.bearerToken("Bearer abc") == "abc")
        #expect(APIAccess.bearerToken("bearer abc") == "abc")
        #expect(APIAccess.bearerToken("Basic abc") == nil)
        #expect(APIAccess.bearerToken("Bearer") == nil)
    }

    @Test func theRunningAPIRefusesWithoutTheRightTokenAndNothingElseIsDisturbed() async throws {
        let access = APIAccess(readToken: "read-token", deployerToken: "deployer-token")
        try await CollectorHTTPTests().withAPI(store: CollectorHTTPTests.seededStore(), access: access) { client in
            let anonymous = try await client.get("/v1/logs?instance=i-a")
            #expect(anonymous.status == 401)
            #expect(try anonymous.decode(APIErrorBody.self).error.code == "unauthorized")
            #expect(try await client.get("/v1/logs?instance=i-a", bearer: "wrong").status == 401)
            #expect(try await client.get("/healthz").status == 200)

            let event = #"{"instance":"i-a","image":"v1","event":"terminate-requested"}"#
            #expect(try await client.post("/v1/events", json: event, bearer: "read-token").status == 403)
            #expect(try await client.post("/v1/events", json: event).status == 401)
            let accepted = try await client.post("/v1/events", json: event, bearer: "deployer-token")
            #expect((200..<300).contains(accepted.status), "\(accepted)")

            // The refused requests changed nothing; a reader still gets every line
            let lines = try await client.get("/v1/logs?instance=i-a&limit=0", bearer: "read-token")
            #expect(lines.status == 200)
            #expect(try lines.decode(APILogsResponse.self).lines.count == 2)
            let events = try await client.get("/v1/instances/i-a/timeline", bearer: "read-token")
            #expect(events.status == 200)
        }
    }
}
