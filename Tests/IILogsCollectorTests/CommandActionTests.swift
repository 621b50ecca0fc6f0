import Foundation
import IILogsCore
import Testing
@testable import IILogsCollector

@Suite struct CommandActionTests {
    static let flag = ActionNotification(kind: .instanceFlagged, id: "flag-42", time: Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000),
                                         instanceID: "i-0abc", image: "web-v7", rule: "crash-loop", action: "quarantine",
                                         reason: "4 restarts in 10m")

    @Test func notificationIsInTheEnvironment() async {
        let command = CommandAction(argv: ["/bin/sh", "-c", #"echo "$IILOGS_INSTANCE_ID $IILOGS_IMAGE $IILOGS_RULE $IILOGS_ACTION $IILOGS_EVENT_ID"; echo "$IILOGS_REASON"; echo "v=[$IILOGS_VERDICT]""#])
        let result = await command.run(for: Self.flag)
        #expect(result.exitStatus == 0)
        #expect(result.signal == nil)
        #expect(!result.timedOut)
        #expect(result.succeeded)
        #expect(result.output == "i-0abc web-v7 crash-loop quarantine flag-42\n4 restarts in 10m\nv=[]\n")
        #expect(result.startError == nil)
    }

    @Test func argvIsNotPassedThroughAShell() async {
        let result = await CommandAction(argv: ["echo", "$IILOGS_INSTANCE_ID", "a;b", "*"]).run(for: Self.flag)
        #expect(result.output == "$IILOGS_INSTANCE_ID a;b *\n")
    }

    @Test func inheritedEnvironmentKeepsPathButNotTheCollectorsSecrets() async {
        setenv("IILOGS_WEBHOOK_SECRET", "do-not-leak", 1)
        defer { unsetenv("IILOGS_WEBHOOK_SECRET") }
        let result = await CommandAction(argv: ["/bin/sh", "-c", #"echo "[$IILOGS_WEBHOOK_SECRET]"; test -n "$PATH" && echo path"#])
            .run(for: Self.flag)
        #expect(result.output == "[]\npath\n")
    }

    @Test func exitStatusAndStderrAreRecorded() async {
        let result = await CommandAction(argv: ["/bin/sh", "-c", "echo oops >&2; exit 7"]).run(for: Self.flag)
        #expect(result.exitStatus == 7)
        #expect(!result.succeeded)
        #expect(result.output == "oops\n")
    }

    @Test func timeoutStopsTheWholeProcessGroup() async throws {
        // Given a command that leaves a background child and ignores SIGTERM itself
        let command = CommandAction(argv: ["/bin/sh", "-c", "trap '' TERM; sleep 30 & echo $!; wait; sleep 30"],
                                    timeout: .milliseconds(300), killGrace: .milliseconds(300))
        let result = await command.run(for: Self.flag)
        // Then it is killed after timeout + grace, not 30 s later (measured from its start: the job may
        // queue for the blocking thread pool while other tests hold it)
        #expect(result.timedOut)
        #expect(result.exitStatus == nil)
        #expect(result.signal == SIGKILL)
        #expect(result.durationMilliseconds >= 600 && result.durationMilliseconds < 10_000)
        // And the background child of the group is gone too
        let child = try #require(Int32(result.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(await eventually { !Self.isAlive(child) })
    }

    @Test func aCommandThatHonoursSIGTERMEndsWithIt() async {
        let result = await CommandAction(argv: ["sleep", "30"], timeout: .milliseconds(200), killGrace: .seconds(5)).run(for: Self.flag)
        #expect(result.timedOut)
        #expect(result.signal == SIGTERM)
        #expect(result.durationMilliseconds < 5000)
    }

    @Test func outputBeyondTheLimitIsDrainedAndFlagged() async {
        let result = await CommandAction(argv: ["/bin/sh", "-c", "head -c 200000 /dev/zero | tr '\\0' a; echo done >&2"],
                                          maxOutputBytes: 1000).run(for: Self.flag)
        #expect(result.exitStatus == 0)
        #expect(result.outputTruncated)
        #expect(result.output == String(repeating: "a", count: 1000))
    }

    @Test func aMissingProgramIsAStartError() async {
        let result = await CommandAction(argv: ["/nonexistent/iilogs-no-such-program"]).run(for: Self.flag)
        #expect(result.exitStatus == nil)
        #expect(result.startError?.contains("iilogs-no-such-program") == true)
    }

    @Test func resultEncodesWithSnakeCaseKeys() throws {
        let result = CommandActionResult(exitStatus: nil, signal: 9, timedOut: true, output: "x", outputTruncated: true, durationMilliseconds: 12)
        let json = String(decoding: try ActionJSON.encode(result), as: UTF8.self)
        #expect(json == #"{"duration_ms":12,"output":"x","output_truncated":true,"signal":9,"timed_out":true}"#)
    }

    @Test func commandActionsRunOnlyForTheirKinds() async {
        let actions = CommandActions(settings: ActionSettings(commands: [
            CommandActionSettings(argv: ["echo", "flag"]),
            CommandActionSettings(argv: ["echo", "verdict"], kinds: [.imageVerdictChanged]),
        ]))
        let runs = await actions.run(for: Self.flag)
        #expect(runs.map(\.argv) == [["echo", "flag"]])
        #expect(runs.first?.result.output == "flag\n")
    }

    /// True while `pid` exists and is not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[close...].hasPrefix(") Z")
    }
}
