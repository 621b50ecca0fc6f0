import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// Per-instance tokens and API tokens through the real executables: `iilogs token` derives what the
/// collector's `--instance-secret-file` accepts; an agent holding another instance's token is refused
/// while the rightful agent keeps shipping; the HTTP API needs its read token.
@Suite(.serialized) struct InstanceTokenEndToEndTests {
    @Test func anAgentWithAnotherInstancesTokenIsRefusedAndTheRightfulOneShipsEverything() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-instance-token")
        defer { folder.remove() }
        let secret = folder.file("instance-secret"), readToken = folder.file("read-token")
        try "instance-secret-of-the-fleet-0123\n".write(toFile: secret, atomically: true, encoding: .utf8)
        try "reader-token-42\n".write(toFile: readToken, atomically: true, encoding: .utf8)
        let collector = try await CollectorUnderTest.start(data: folder.file("data"),
                                                           extra: ["--instance-secret-file", secret, "--read-token-file", readToken])
        defer { collector.process.signal(SIGKILL) }

        // Given the token of i-good, derived by the CLI from the same secret
        let token = try await runCLI(["token", "--instance", "i-good", "--secret-file", secret]).first ?? ""
        #expect(token.hasPrefix("iit1-"))

        // When i-good ships with it, and i-evil presents i-good's token as its own
        let good = try startAgent(collector: collector.agentAddress, instance: "i-good", image: "v1", folder: folder,
                                  extra: ["--tail", folder.file("good.log"), "--token", token])
        defer { good.signal(SIGKILL) }
        let evil = try startAgent(collector: collector.agentAddress, instance: "i-evil", image: "v1", folder: folder,
                                  extra: ["--tail", folder.file("evil.log"), "--token", token])
        defer { evil.signal(SIGKILL) }
        try appendLines((0..<50).map { "good seq=\($0)" }, to: folder.file("good.log"))
        try appendLines((0..<50).map { "evil seq=\($0)" }, to: folder.file("evil.log"))

        // Then the impostor is refused with the reason, and every line of i-good arrives
        _ = try await evil.waitForLine(containing: "collector refused this agent")
        #expect(evil.stderrLines.contains { $0.contains("reason=bad_token") && $0.contains("token rejected for instance i-evil") },
                "\(evil.transcript)")
        let reader = ["--read-token", "reader-token-42"]
        let lines = try await waitFor("i-good's lines", { try await queryAll(collector, instance: "i-good", extra: reader) },
                                      until: { $0.count >= 50 })
        #expect(sequenceNumbers(lines, prefix: "good") == Array(0..<50))
        #expect(try await queryAll(collector, instance: "i-evil", extra: reader).isEmpty, "nothing stored as i-evil")

        // And the API refuses a reader without the token
        let anonymous = try RunningProcess("iilogs", ["query", "--collector", collector.httpURL, "--instance", "i-good"])
        #expect(try await anonymous.waitForExit(timeout: .seconds(30)) != 0)
        #expect(anonymous.stderrLines.joined().contains("401"), "\(anonymous.transcript)")
    }
}
