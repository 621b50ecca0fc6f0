import Foundation
import Testing

/// `iilogs bench soak` end to end: in-process agents against the real collector executable (found beside
/// `iilogs`), read back and compared line by line.
@Suite(.serialized) struct SoakEndToEndTests {
    struct Tally: Decodable {
        var sent: Int
        var stored: Int
        var lost: Int
        var duplicated: Int
        var unexpected: Int
    }

    struct Result: Decodable {
        var agents: Int
        var total: Tally
        var instances: [String: Tally]
        var collectorPID: Int32
        var collectorPeakBytes: UInt64
    }

    @Test func aTinySoakStoresEverythingOnce() async throws {
        let output = try await runCLI(["bench", "soak", "--agents", "2", "--duration", "3s", "--lines-per-second", "50", "--json"],
                                      timeout: .seconds(120))
        let result = try JSONDecoder().decode(Result.self, from: Data(output.joined(separator: "\n").utf8))
        #expect(result.agents == 2)
        #expect(result.instances.count == 2)
        // 50 lines/s for 3 s from each of 2 agents (the source writes on a 100 ms grid).
        #expect(result.total.sent == 300)
        #expect(result.total.stored == result.total.sent)
        #expect(result.total.lost == 0)
        #expect(result.total.duplicated == 0)
        #expect(result.total.unexpected == 0)
        #expect(result.instances.values.allSatisfy { $0.sent == 150 && $0.stored == 150 })
        // The peak is the child collector's own VmHWM: a real process of some megabytes.
        #expect(result.collectorPID > 0)
        #expect(result.collectorPeakBytes > 4 << 20)
    }
}
