import Foundation
import IILogsCore
import IILogsTesting
import NIOCore
import Testing

/// Bad input against the real collector: each gets a clear refusal, is counted, and others keep being served.
@Suite(.serialized) struct HostileInputEndToEndTests {
    static let identity = InstanceIdentity(instanceID: "i-hostile", imageVersion: "v1", bootID: "b")

    /// Sends `bytes` on a fresh connection and decodes every frame the collector answers before closing.
    func exchange(_ collector: CollectorUnderTest, _ bytes: [UInt8]) throws -> [WireMessage] {
        let reply = try SyslogSender.tcpExchange(host: "127.0.0.1", port: collector.agentPort, send: bytes)
        var buffer = ByteBuffer(bytes: reply)
        var messages: [WireMessage] = []
        while let message = try WireCodec.decodeFrame(&buffer) { messages.append(message) }
        return messages
    }

    func hello(token: String, version: UInt16 = WireProtocol.version, identity: InstanceIdentity = identity) -> [UInt8] {
        WireCodec.encodedFrame(.hello(Hello(protocolVersion: version, agentVersion: "test", token: token, identity: identity,
                                            streamID: 9, lastAckedSequence: 0)))
    }

    func refusalCode(_ messages: [WireMessage]) -> RefusalCode? {
        for case .refuse(let refusal) in messages { return refusal.code }
        return nil
    }

    @Test func everyBadInputIsRefusedCountedAndOthersKeepShipping() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-hostile")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: ["--token", "fleet-secret"])
        defer { collector.process.signal(SIGKILL) }

        // Garbage instead of a frame (an HTTP request on the agent port).
        #expect(refusalCode(try exchange(collector, Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))) == .malformedFrame)
        // A frame header announcing 4 GiB.
        #expect(refusalCode(try exchange(collector, [0x49, 0x4C, 4, 0xFF, 0xFF, 0xFF, 0xFF])) == .frameTooLarge)
        // A wrong token, and a protocol version from the future.
        #expect(refusalCode(try exchange(collector, hello(token: "guess"))) == .badToken)
        #expect(refusalCode(try exchange(collector, hello(token: "fleet-secret", version: 2))) == .unsupportedVersion)
        // A batch for another instance on a connection bound to i-hostile.
        let block = LogBlockCodec.encode([LogRecord(time: .now(), message: "not mine")])
        let foreign = WireCodec.encodedFrame(.batch(Batch(instanceID: "i-victim", sequence: 1, logs: block)))
        let answer = try exchange(collector, hello(token: "fleet-secret") + foreign)
        #expect(answer.contains { if case .welcome = $0 { true } else { false } })
        #expect(refusalCode(answer) == .wrongInstance)

        // Each refusal is counted by reason.
        let stats = try await runCLIJSON(collector, path: "/v1/stats")
        let refusals = (stats["counters"] as? [String: Any])?["refusals"] as? [String: Int] ?? [:]
        for reason in ["malformed_frame", "frame_too_large", "bad_token", "unsupported_version", "wrong_instance"] {
            #expect(refusals[reason] == 1, "refusals[\(reason)] in \(refusals)")
        }

        // Nothing was stored for the victim, and a well-behaved agent still ships.
        let log = folder.file("ok.log")
        try appendLines(["still served seq=0", "still served seq=1"], to: log)
        let agent = try startAgent(collector: collector.agentAddress, instance: "i-good", image: "v1", folder: folder,
                                   extra: ["--tail", log, "--token", "fleet-secret"])
        defer { agent.signal(SIGKILL) }
        let lines = try await waitFor("the good agent's lines", { try await queryAll(collector, instance: "i-good") }, until: { $0.count >= 2 })
        #expect(lines.map(\.message) == ["still served seq=0", "still served seq=1"])
        #expect(try await queryAll(collector, instance: "i-victim").isEmpty)
    }

    /// `GET path` on the collector's HTTP API through a raw socket, decoded as a JSON object.
    func runCLIJSON(_ collector: CollectorUnderTest, path: String) async throws -> [String: Any] {
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        let reply = try SyslogSender.tcpExchange(host: "127.0.0.1", port: collector.httpPort, send: Array(request.utf8))
        let text = String(decoding: reply, as: UTF8.self)
        guard let body = text.range(of: "\r\n\r\n").map({ String(text[$0.upperBound...]) }) else { return [:] }
        return (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:]
    }
}
