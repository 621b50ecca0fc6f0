import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// `iilogs dash --once` through the real executables: wire batches for two image versions → `iilogs-collector` →
/// one frame over the HTTP API and, after the collector stops, from its data folder.
@Suite(.serialized) struct DashEndToEndTests {
    /// Image → (instances, lines per instance); the lines are sent over the last few seconds.
    static let fleet: [(image: String, instances: [String], lines: Int)] = [
        ("v-dash-main", ["i-dash-1", "i-dash-2"], 90),
        ("v-dash-canary", ["i-dash-3"], 30),
    ]

    @Test func onceFrameNamesEveryImageWithItsInstancesAndActivity() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-dash")
        defer { folder.remove() }
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }

        // Given two instances of v-dash-main and one of v-dash-canary, each shipping lines of the last seconds
        // (a tenth of them errors)
        let now = Timestamp.now()
        for image in Self.fleet {
            for id in image.instances {
                let records = (0..<image.lines).map { k in
                    LogRecord(time: now.adding(nanoseconds: -Int64(image.lines - k) * 20_000_000), severity: k % 10 == 0 ? .error : .info,
                              app: "app", message: "dash e2e line \(k)")
                }
                let identity = InstanceIdentity(instanceID: id, imageVersion: image.image, bootID: "b-\(id)")
                let replies = try await WireSender.exchange(
                    host: "127.0.0.1", port: collector.agentPort,
                    hello: Hello(agentVersion: "e2e", token: "", identity: identity, streamID: 1, lastAckedSequence: 0),
                    batches: [Batch(instanceID: id, sequence: 1, logs: LogBlockCodec.encode(records))])
                #expect(Array(replies.dropFirst()) == [.ack(Ack(sequence: 1))])
            }
        }

        // When one frame is asked for at 100×30
        let frame = try await runCLI(["dash", "--once", "--width", "100", "--height", "30", "--collector", collector.httpURL])

        // Then it fits, has no escapes, and has a row per image with its alive count and a non-zero lines/s
        check(frame, width: 100, height: 30, alive: ["v-dash-main": 2, "v-dash-canary": 1])
        #expect(frame.first?.contains(collector.httpURL) == true)
        #expect(frame.contains { $0.hasPrefix("2 images  3 alive") }, "\(frame)")

        // And after the collector stops, the data folder gives the same rows
        await collector.process.terminateAndWait()
        let offline = try await runCLI(["dash", "--once", "--width", "100", "--height", "30", "--data", folder.file("data")])
        check(offline, width: 100, height: 30, alive: ["v-dash-main": 2, "v-dash-canary": 1])
    }

    @Test func refreshIsValidated() async throws {
        let cli = try RunningProcess("iilogs", ["dash", "--once", "--refresh", "soon"])
        #expect(try await cli.waitForExit(timeout: .seconds(30)) != 0)
        #expect(cli.stderrLines.joined().contains("--refresh"))
    }

    /// Every line fits, no ANSI escape, and each image's row shows `alive` and lines/s above 0.
    func check(_ lines: [String], width: Int, height: Int, alive: [String: Int], sourceLocation: SourceLocation = #_sourceLocation) {
        let text = lines.joined(separator: "\n")
        #expect(!text.contains("\u{1B}"), "escape in: \(text)", sourceLocation: sourceLocation)
        let drawn = lines.last == "" ? lines.dropLast() : lines[...]
        #expect(drawn.count <= height, "\(drawn.count) lines", sourceLocation: sourceLocation)
        #expect(lines.allSatisfy { $0.count <= width }, "a line is wider than \(width): \(text)", sourceLocation: sourceLocation)
        for (image, count) in alive {
            // IMAGE ALIVE LOST QUAR LINES/S ERR% [VERDICT] [SPARKLINE]
            guard let row = lines.first(where: { $0.hasPrefix(image + " ") }) else {
                Issue.record("no row for \(image) in:\n\(text)", sourceLocation: sourceLocation)
                continue
            }
            let cells = row.split(separator: " ")
            #expect(cells.count >= 6, "\(row)", sourceLocation: sourceLocation)
            guard cells.count >= 6 else { continue }
            #expect(Int(cells[1]) == count, "alive in \(row)", sourceLocation: sourceLocation)
            #expect((Double(cells[4]) ?? 0) > 0, "lines/s in \(row)", sourceLocation: sourceLocation)
            #expect(cells[5] != "-", "error rate in \(row)", sourceLocation: sourceLocation)
        }
    }
}
