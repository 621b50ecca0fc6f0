import Foundation
import IILogsCore
import IILogsTesting
import Testing

extension FaultCounts {
    /// Several instances' counts as one case line (sums of each figure).
    static func combined(_ name: String, _ parts: [FaultCounts], note: String = "") -> FaultCounts {
        var total = FaultCounts(name, sent: 0, acknowledged: 0, found: [], note: note)
        for part in parts {
            total.sent += part.sent
            total.acknowledged += part.acknowledged
            total.found += part.found
            total.lost += part.lost
            total.duplicated += part.duplicated
        }
        return total
    }
}

/// Starts an agent tailing `log` for `instance`, sampling no metrics (so its records are the test's lines
/// plus lifecycle events), with a spool in `folder`.
func startTailingAgent(collector: String, instance: String, log: String, folder: TemporaryDirectory,
                       extra: [String] = []) async throws -> RunningProcess {
    let agent = try startAgent(collector: collector, instance: instance, image: "v1", folder: folder,
                               extra: ["--tail", log, "--metrics-interval", "off"] + extra)
    _ = try await agent.waitForLine(containing: "agent started")
    return agent
}

/// Restarts a collector on the addresses and data folder of one that has exited.
func restartCollector(_ old: CollectorUnderTest, data: String, extra: [String] = []) async throws -> CollectorUnderTest {
    try await CollectorUnderTest.start(data: data, listen: old.agentAddress, http: "127.0.0.1:\(old.httpPort)", extra: extra)
}

/// Lines the collector stored for `instance` (0 while it is unknown), from `iilogs instances ID --output json`.
func storedLines(_ collector: CollectorUnderTest, instance: String) async -> Int {
    (try? await instanceDetail(collector, instance: instance))?.delivery.lines ?? 0
}

/// Waits (bounded) until the collector stored at least `count` lines of `instance`; cheap to poll, unlike a query.
func waitForStoredLines(_ collector: CollectorUnderTest, instance: String, atLeast count: Int,
                        timeout: Duration = .seconds(60)) async throws {
    let deadline = ContinuousClock.now + timeout
    var stored = await storedLines(collector, instance: instance)
    while stored < count {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out after \(timeout): \(instance) has \(stored) of \(count) lines stored")
            return
        }
        try await Task.sleep(for: .milliseconds(300))
        stored = await storedLines(collector, instance: instance)
    }
}

/// Waits for every line of `instance` to be stored, then counts what `iilogs query` finds.
func countLines(_ name: String, _ collector: CollectorUnderTest, instance: String, sent: Int,
                timeout: Duration = .seconds(60), note: String = "") async throws -> FaultCounts {
    try await waitForStoredLines(collector, instance: instance, atLeast: sent, timeout: timeout)
    let lines = try await queryAll(collector, instance: instance)
    let acknowledged = try await instanceDetail(collector, instance: instance).delivery.lines
    return FaultCounts(name, sent: sent, acknowledged: acknowledged, found: sequenceNumbers(lines, prefix: instance), note: note)
}
