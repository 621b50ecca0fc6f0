import IILogsAgent
import IILogsTesting
import Testing

@Suite struct MetadataNoticeReaderTests {
    func reader(_ server: FakeMetadataServer, kind: InterruptionSettings.Kind) throws -> MetadataNoticeReader {
        let url = try #require(MetadataURL(parsing: kind == .aws ? server.awsURL : server.gcpURL))
        return MetadataNoticeReader(url: url, kind: kind, client: MetadataHTTPClient(timeout: .seconds(5)))
    }

    @Test func awsIMDSv2TokenThenNoNoticeThenNotice() async throws {
        let server = try await FakeMetadataServer.start()
        let reader = try reader(server, kind: .aws)
        #expect(try await reader.poll() == .none)
        server.setAWSNotice(action: "terminate", time: "2026-11-23T17:02:00Z")
        #expect(try await reader.poll() == .notice(InterruptionNotice(kind: .aws, action: "terminate", time: "2026-11-23T17:02:00Z")))
        // One token for both polls.
        #expect(server.requests == ["PUT /latest/api/token", "GET \(FakeMetadataServer.awsPath)", "GET \(FakeMetadataServer.awsPath)"])
        await server.stop()
    }

    @Test func awsFallsBackToIMDSv1WhenTokensAreRefused() async throws {
        let server = try await FakeMetadataServer.start()
        server.setRequireToken(false)
        server.setAWSNotice(action: "stop")
        server.failNext(1)  // the token request gets 500
        let reader = try reader(server, kind: .aws)
        #expect(try await reader.poll() == .notice(InterruptionNotice(kind: .aws, action: "stop", time: "2026-11-23T17:02:00Z")))
        await server.stop()
    }

    @Test func gcpSendsTheFlavorHeader() async throws {
        let server = try await FakeMetadataServer.start()
        let reader = try reader(server, kind: .gcp)
        #expect(try await reader.poll() == .none)
        server.setGCPPreempted(true)
        #expect(try await reader.poll() == .notice(InterruptionNotice(kind: .gcp, action: "preempted")))
        await server.stop()
    }

    @Test func anUnreachableEndpointThrows() async throws {
        let server = try await FakeMetadataServer.start()
        let url = try #require(MetadataURL(parsing: server.awsURL))
        await server.stop()  // nothing listens on that port any more
        let reader = MetadataNoticeReader(url: url, kind: .aws, client: MetadataHTTPClient(timeout: .seconds(2)))
        await #expect(throws: (any Error).self) { try await reader.poll() }
    }
}
