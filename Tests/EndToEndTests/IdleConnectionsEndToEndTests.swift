#if canImport(Glibc)
import Glibc
#endif
import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// Thousands of idle connections, slowloris senders and half-sent frames against the real collector: each
/// is closed at the hello timeout and counted as a `timeout` refusal, while a real agent keeps shipping.
@Suite(.serialized) struct IdleConnectionsEndToEndTests {
    static let idleConnections = 1_500
    static let slowConnections = 20
    static let halfFrames = 20

    /// A blocking TCP connection to 127.0.0.1:`port` (the test's own file descriptor; closed by the caller).
    static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXFailure(call: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw POSIXFailure(call: "connect", code: code)
        }
        return fd
    }

    struct POSIXFailure: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    /// Runs blocking socket work on a Dispatch thread, never on the cooperative pool other tests share
    /// (a test run has as many pool threads as cores; a blocked one slows every test of the process).
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// True when the peer closed `fd` (reads reach end of file or a reset) within `timeout`; reads and drops any refusal frame.
    static func closedByPeer(_ fd: Int32, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        var buffer = [UInt8](repeating: 0, count: 512)
        while ContinuousClock.now < deadline {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 200) > 0 else { continue }
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { return true }
        }
        return false
    }

    @Test func idleSlowAndHalfSentConnectionsAreClosedAtTheHelloTimeoutWhileAnAgentShips() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-idle")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"), extra: [
            "--hello-timeout", "3s", "--max-connections-per-address", "5000", "--max-connections", "5000",
        ])
        defer { collector.process.signal(SIGKILL) }

        // Given 1,500 connections that never send a byte, 20 that send a hello header one byte at a time
        // (slowloris) and 20 that send half a hello frame and then nothing
        let port = collector.agentPort
        let idle = try await Self.offPool { try (0..<Self.idleConnections).map { _ in try Self.connect(port: port) } }
        defer { for fd in idle { close(fd) } }
        let hello = WireCodec.encodedFrame(.hello(Hello(agentVersion: "test", token: "", identity: InstanceIdentity(instanceID: "i-slow", imageVersion: "v1"),
                                                        streamID: 1, lastAckedSequence: 0)))
        let slow = try await Self.offPool { try (0..<Self.slowConnections).map { _ in try Self.connect(port: port) } }
        let half = try await Self.offPool {
            try (0..<Self.halfFrames).map { _ in
                let fd = try Self.connect(port: port)
                _ = hello.withUnsafeBytes { write(fd, $0.baseAddress, hello.count / 2) }
                return fd
            }
        }
        defer { for fd in slow + half { close(fd) } }

        // When a real agent ships meanwhile, and the slow senders dribble a byte a second
        let log = folder.file("app.log")
        let sent = (0..<200).map { "still served seq=\($0)" }
        try appendLines(sent, to: log)
        let agent = try startAgent(collector: collector.agentAddress, instance: "i-good", image: "v1", folder: folder, extra: ["--tail", log])
        defer { agent.signal(SIGKILL) }
        for byte in 0..<3 {
            for fd in slow { _ = hello.withUnsafeBytes { write(fd, $0.baseAddress! + byte, 1) } }
            try await Task.sleep(for: .seconds(1))
        }

        // Then the agent's lines all arrive, once each
        let lines = try await waitFor("the agent's lines", { try await queryAll(collector, instance: "i-good") }, until: { $0.count >= sent.count })
        #expect(lines.map(\.message) == sent)

        // And every idle, slow and half-sent connection is closed by the collector and counted as a timeout
        let all = idle + slow + half
        let stuck = try await Self.offPool { all.filter { !Self.closedByPeer($0, timeout: .seconds(30)) } }
        #expect(stuck.isEmpty, "\(stuck.count) connections still open after the hello timeout")
        let stats = try await HostileInputEndToEndTests().runCLIJSON(collector, path: "/v1/stats")
        let counters = stats["counters"] as? [String: Any] ?? [:]
        let refusals = counters["refusals"] as? [String: Int] ?? [:]
        #expect(refusals["timeout"] == Self.idleConnections + Self.slowConnections + Self.halfFrames, "refusals: \(refusals)")
        #expect(counters["connectionsCurrent"] as? Int == 1, "only the agent should remain connected: \(counters)")
        #expect(try await queryAll(collector, instance: "i-slow").isEmpty)
    }
}
