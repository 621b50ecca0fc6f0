import Foundation
import IILogsCollector
import IILogsCore
import IILogsTesting
import Testing

@Suite struct AgentIngestServerTLSTests {
    @Test func aPlainClientOnTheTLSListenerIsRefusedCountedAndLeavesNoConnection() async throws {
        let folder = try TemporaryDirectory(prefix: "ingest-tls")
        defer { folder.remove() }
        let certificates = try TestCertificates.make(in: folder.path)
        var settings = CollectorSettings(agentListen: HostAndPort(host: "127.0.0.1", port: 0))
        settings.tls = TLSServerSettings(certificateFile: certificates.serverCertificate, keyFile: certificates.serverKey)
        let store = InMemoryLogStore()
        let counters = CollectorCounters()

        let (replies, counted) = try await withIngestServer(settings: settings, store: store, counters: counters) { address in
            let agent = try await TestAgent.connect(to: address)
            // The TLS alert is no iilogs frame: the exchange ends with a decoding error or at end of stream.
            let replies = try? await agent.exchange([TestAgent.hello(InstanceIdentity(instanceID: "i-plain", imageVersion: "v1", bootID: "b"))],
                                                    replies: 1)
            let counted = await eventually { counters.snapshot().refusals["tls_handshake"] == 1 && counters.currentConnections == 0 }
            return (replies ?? [], counted)
        }

        #expect(replies.isEmpty, "a plain client got an iilogs answer: \(replies)")
        #expect(counted, "refusals: \(counters.snapshot().refusals), open connections: \(counters.currentConnections)")
        #expect(counters.snapshot().refusals.count == 1, "only tls_handshake: \(counters.snapshot().refusals)")
        #expect(store.lines(of: "i-plain").isEmpty)
    }

    @Test func plainListenersBeyondLoopbackAreWarnedAbout() throws {
        var settings = CollectorSettings()
        #expect(settings.plainTextWarnings.isEmpty, "loopback is fine in plain TCP")
        settings.agentListen = HostAndPort(host: "0.0.0.0", port: 5170)
        settings.httpListen = HostAndPort(host: "10.0.0.5", port: 5171)
        let warnings = settings.plainTextWarnings
        #expect(warnings.count == 2)
        #expect(warnings.first?.contains("agent listener is plain TCP on 0.0.0.0:5170") == true, "\(warnings)")
        #expect(warnings.last?.contains("HTTP API is plain HTTP on 10.0.0.5:5171") == true, "\(warnings)")
        settings.tls = TLSServerSettings(certificateFile: "c.pem", keyFile: "k.pem")
        #expect(settings.plainTextWarnings.isEmpty)
    }
}
