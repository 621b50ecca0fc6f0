import Foundation
import IILogsCore
import IILogsRules
import IILogsStore
import Logging
import Testing
@testable import IILogsCollector

@Suite struct VerdictWatcherTests {
    /// An evaluator with the shipped rules that has seen 4 instances of `v-ok` (no errors) and 4 of
    /// `v-bad` (20% error lines), all ending `now`.
    static func evaluator(now: Timestamp) async -> RuleEvaluator {
        let evaluator = RuleEvaluator(ruleFile: RuleFile.defaults(), logger: Logger(label: "test"))
        for n in 0..<4 {
            for (image, errors) in [("v-ok", 0), ("v-bad", 40)] {
                let identity = InstanceIdentity(instanceID: "i-\(image)-\(n)", imageVersion: image, bootID: "boot-1")
                let batch = IngestBatch(identity: identity, stream: StreamPosition(streamID: 1, sequence: 1), receivedAt: now,
                                        logs: LogBlockCodec.encode(RulesCollectorTests.noise(200, endingAt: now, errors: errors)))
                await evaluator.observe(identity, scanned: evaluator.scan(batch))
            }
        }
        return evaluator
    }

    @Test func theEvaluatorJudgesEveryTrackedImageAsTheHealthEndpointDoes() async {
        let now = Timestamp.now()
        let evaluator = await Self.evaluator(now: now)
        let verdicts = await evaluator.verdicts(now: now)
        #expect(verdicts.map(\.imageVersion) == ["v-bad", "v-ok"])
        #expect(verdicts.map(\.verdict) == [.failing, .healthy])
        #expect(verdicts.first == (await evaluator.health(image: "v-bad", baseline: nil, now: now)))
    }

    @Test func aFailingImageIsAnnouncedOnceAndNotAgainAfterARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-verdicts-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("verdicts.json").path
        let now = Timestamp.now()
        let evaluator = await Self.evaluator(now: now)
        func watcher(_ statePath: String?) -> VerdictWatcher {
            VerdictWatcher(evaluator: evaluator, webhooks: nil, commands: CommandActions(settings: ActionSettings()),
                           interval: .seconds(1), statePath: statePath, logger: Logger(label: "test"))
        }
        // Given a watcher keeping its state in the data folder
        let first = watcher(path)
        // When it checks twice
        let announced = await first.check(now: now)
        let again = await first.check(now: now)
        // Then the failing image is announced once, the healthy one not at all
        #expect(announced.map(\.id) == ["verdict-v-bad-1"])
        #expect(announced.first?.verdict == "failing")
        #expect(again.isEmpty)
        #expect(FileManager.default.fileExists(atPath: path))
        // And a restarted watcher over the same file stays silent, while one without it announces again
        #expect(await watcher(path).check(now: now).isEmpty)
        #expect(await watcher(path).state.images["v-bad"]?.announced == 1)
        #expect(await watcher(nil).check(now: now).map(\.id) == ["verdict-v-bad-1"])
    }

    @Test func verdictCommandsRunForEachChangeAndFlagCommandsDoNot() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-verdicts-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("ran.txt").path
        // Given an --on-verdict-command and an --on-flag-command that both append to a file
        let verdict = CommandActionSettings(argv: ["/bin/sh", "-c", "echo \"verdict $IILOGS_EVENT_ID $IILOGS_VERDICT\" >> \"$0\"", out],
                                            kinds: [.imageVerdictChanged])
        let flag = CommandActionSettings(argv: ["/bin/sh", "-c", "echo flag >> \"$0\"", out], kinds: [.instanceFlagged])
        let now = Timestamp.now()
        let watcher = VerdictWatcher(evaluator: await Self.evaluator(now: now), webhooks: nil,
                                     commands: CommandActions(settings: ActionSettings(commands: [verdict, flag])),
                                     interval: .seconds(1), statePath: nil, logger: Logger(label: "test"))
        // When a pass announces the failing image
        #expect(await watcher.check(now: now).count == 1)
        // Then only the verdict command ran, with the notification in its environment
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "verdict verdict-v-bad-1 failing\n")
    }

    @Test func anUnreadableStateFileIsIgnored() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-verdicts-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("verdicts.json").path
        try "{not json".write(toFile: path, atomically: true, encoding: .utf8)
        let now = Timestamp.now()
        let watcher = VerdictWatcher(evaluator: await Self.evaluator(now: now), webhooks: nil, commands: CommandActions(settings: ActionSettings()),
                                     interval: .seconds(1), statePath: path, logger: Logger(label: "test"))
        #expect(await watcher.check(now: now).map(\.id) == ["verdict-v-bad-1"])
        let saved = try ActionJSON.decode(VerdictChanges.self, from: Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(saved.images["v-bad"]?.verdict == .failing)
    }
}
