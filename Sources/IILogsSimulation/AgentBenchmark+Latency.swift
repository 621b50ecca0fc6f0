import Foundation
import IILogsCore
import IILogsStore

extension AgentBenchmark {
    /// Write-to-queryable latency: how long after a line is appended to the tailed file it is returned by a
    /// query of the collector's store.
    public struct Latency: Sendable {
        /// One figure per probe line, in the order written; a probe not found within ``AgentBenchmark/probeTimeout``
        /// counts as that timeout.
        public var samples: [Duration]
        /// Probes not found within the timeout.
        public var missing: Int
        /// Lines appended in this phase (probes included).
        public var linesWritten: Int

        /// The `q`-quantile (0…1) of the samples, nearest rank.
        public func quantile(_ q: Double) -> Duration {
            let sorted = samples.sorted()
            guard !sorted.isEmpty else { return .zero }
            return sorted[min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))]
        }
    }

    /// Longest wait for one probe line.
    static let probeTimeout: Duration = .seconds(10)

    /// Appends `linesPerSecond` lines per second (in 100 ms steps) for `probes` seconds; at the start of each second
    /// one of them is a probe line, and the store is asked every 20 ms until it returns it.
    func measureLatency(probes: Int, linesPerSecond: Int, logPath: String, store: any LogStore) async throws -> Latency {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? handle.close() }
        try handle.seekToEnd()
        let clock = ContinuousClock()
        var samples: [Duration] = []
        var missing = 0
        var filler = 0  // lines written, probes included
        for probe in 0..<probes {
            let marker = "latency-probe-\(probe)-\(UInt32.random(in: 0...UInt32.max))"
            let since = Timestamp.now().adding(nanoseconds: -1_000_000_000)
            let written = clock.now
            try handle.write(contentsOf: Data("2026-11-23T12:00:00.000Z INFO bench \(marker)\n".utf8))
            filler += 1
            var step = 0
            var found = false
            while clock.now - written < Self.probeTimeout {
                // Keep the line rate up while waiting: a tenth of a second's lines every 100 ms.
                if clock.now - written >= .milliseconds(100 * step) {
                    var text = ""
                    for _ in 0..<max(0, linesPerSecond / 10 - (step == 0 ? 1 : 0)) {
                        text += "2026-11-23T12:00:00.000Z INFO worker[\(filler % 16)] request id=\(filler) status=200\n"
                        filler += 1
                    }
                    try handle.write(contentsOf: Data(text.utf8))
                    step += 1
                }
                if !found {
                    let query = LogQuery(scope: .instance("bench-agent"), since: since, contains: marker, limit: 1)
                    if try await !store.queryLogs(query).lines.isEmpty {
                        samples.append(clock.now - written)
                        found = true
                    }
                }
                if found && step >= 10 { break }  // the rest of this second's lines, then the next probe
                try await clock.sleep(for: .milliseconds(20))
            }
            if !found {
                missing += 1
                samples.append(Self.probeTimeout)
            }
        }
        return Latency(samples: samples, missing: missing, linesWritten: filler)
    }
}
