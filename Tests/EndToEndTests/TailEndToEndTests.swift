import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// `iilogs tail` against a live `iilogs-collector`: backlog, then lines as they are committed, filtered, each once.
@Suite(.serialized) struct TailEndToEndTests {
    static let instance = "i-e2e-tail"

    @Test func tailPrintsBacklogThenNewLinesOnceInOrderAndExitsZeroOnSIGINT() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-tail")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }

        // Given 5 lines of the instance already stored, with a debug line and another instance's line beside them
        try await send(collector, instance: Self.instance, sequence: 1, seq: 1...5)
        try await send(collector, instance: "i-e2e-other", sequence: 1, seq: 1...3)

        // When `iilogs tail --instance … --severity info` starts
        let tail = try RunningProcess("iilogs", ["tail", "--collector", collector.httpURL, "--instance", Self.instance,
                                                 "--severity", "info", "--output", "jsonl"])
        defer { tail.signal(SIGKILL) }
        _ = try await waitForTail(tail, count: 5)

        // And more lines are committed, in three batches, interleaved with the other instance's
        try await send(collector, instance: Self.instance, sequence: 2, seq: 6...10)
        try await send(collector, instance: "i-e2e-other", sequence: 2, seq: 4...6)
        try await send(collector, instance: Self.instance, sequence: 3, seq: 11...15)
        try await send(collector, instance: Self.instance, sequence: 4, seq: 16...20)

        // Then the tail printed every info line of the instance exactly once, in order, and nothing else
        let printed = try await waitForTail(tail, count: 20)
        #expect(sequenceNumbers(printed, prefix: "tail") == Array(1...20))
        #expect(printed.allSatisfy { $0.instance == Self.instance && $0.severity == "info" })
        #expect(printed.count == 20, "\(tail.transcript)")

        // And SIGINT ends it with status 0, with no line printed twice after all
        tail.signal(SIGINT)
        let status = try await tail.waitForExit(timeout: .seconds(10))
        #expect(status == 0, "\(tail.transcript)")
        #expect(sequenceNumbers(try decode(tail.stdoutLines), prefix: "tail") == Array(1...20))
    }

    @Test func aTailResumesAfterTheCollectorRestartsWithoutRepeatingLines() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-tail-restart")
        defer { folder.remove() }
        let first = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { first.process.signal(SIGKILL) }
        try await send(first, instance: Self.instance, sequence: 1, seq: 1...5)
        let tail = try RunningProcess("iilogs", ["tail", "--collector", first.httpURL, "--instance", Self.instance, "--output", "jsonl"])
        defer { tail.signal(SIGKILL) }
        _ = try await waitForTail(tail, count: 5)

        // When the collector dies and comes back on the same HTTP port with the same data, and more lines arrive
        first.process.signal(SIGKILL)
        _ = try await first.process.waitForExit(timeout: .seconds(10))
        let second = try await CollectorUnderTest.start(data: folder.file("data"), http: "127.0.0.1:\(first.httpPort)")
        defer { second.process.signal(SIGKILL) }
        try await send(second, instance: Self.instance, sequence: 2, seq: 6...10)

        // Then the tail reconnected on its own and printed the new lines, none twice
        let printed = try await waitForTail(tail, count: 10)
        #expect(sequenceNumbers(printed, prefix: "tail") == Array(1...10), "\(tail.transcript)")
        #expect(tail.stderrLines.contains { $0.contains("reconnecting") }, "\(tail.transcript)")
        tail.signal(SIGTERM)
        #expect(try await tail.waitForExit(timeout: .seconds(10)) == 0, "\(tail.transcript)")
    }

    @Test func unreachableCollectorExitsNonZeroWithAMessage() async throws {
        // Port 1 on loopback: nothing listens there.
        let tail = try RunningProcess("iilogs", ["tail", "--collector", "http://127.0.0.1:1", "--instance", Self.instance])
        defer { tail.signal(SIGKILL) }
        let status = try await tail.waitForExit(timeout: .seconds(20))
        #expect(status != 0)
        #expect(tail.stderrLines.joined(separator: "\n").contains("cannot reach the collector"), "\(tail.transcript)")
    }

    /// One wire batch: `tail seq=N` info lines for each N, plus one debug line (which `--severity info` hides).
    private func send(_ collector: CollectorUnderTest, instance: String, sequence: UInt64, seq: ClosedRange<Int>) async throws {
        let base = Timestamp.now().nanosecondsSinceEpoch
        var records = seq.map { n in
            LogRecord(time: Timestamp(nanosecondsSinceEpoch: base + Int64(n)), severity: .info, app: "svc", message: "tail seq=\(n) of \(instance)")
        }
        records.append(LogRecord(time: Timestamp(nanosecondsSinceEpoch: base + 1_000), severity: .debug, app: "svc", message: "debug noise"))
        let identity = InstanceIdentity(instanceID: instance, imageVersion: "v-tail", bootID: "b-1")
        let replies = try await WireSender.exchange(
            host: "127.0.0.1", port: collector.agentPort,
            hello: Hello(agentVersion: "e2e", token: "", identity: identity, streamID: 1, lastAckedSequence: sequence - 1),
            batches: [Batch(instanceID: instance, sequence: sequence, logs: LogBlockCodec.encode(records), metrics: [])])
        #expect(Array(replies.dropFirst()) == [.ack(Ack(sequence: sequence))])
    }

    private func decode(_ lines: [String]) throws -> [APILogLine] {
        try lines.filter { !$0.isEmpty }.map { try JSONDecoder().decode(APILogLine.self, from: Data($0.utf8)) }
    }

    /// Waits (bounded) until the tail printed at least `count` lines; returns them decoded.
    private func waitForTail(_ tail: RunningProcess, count: Int) async throws -> [APILogLine] {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let printed = try decode(tail.stdoutLines)
            if printed.count >= count { return printed }
            if !tail.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the tail printed fewer than \(count) lines\n\(tail.transcript)")
        return try decode(tail.stdoutLines)
    }
}
