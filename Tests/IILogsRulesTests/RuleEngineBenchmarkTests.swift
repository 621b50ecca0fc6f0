import IILogsRules
import Testing

@Suite("RuleEngine benchmark hook")
struct RuleEngineBenchmarkTests {
    /// Prints the per-line cost of the default rules (a debug-build figure; never asserted on time).
    @Test(arguments: [1, 256])
    func benignLinesRaiseNoFlagsAndPrintTheCost(batchSize: Int) {
        let result = RuleEngineBenchmark.run(lines: 100_000, instances: 1_000, batchSize: batchSize)
        print("rules bench (debug build), batch \(batchSize): \(result.lines) lines, \(result.instances) instances, "
              + "\(Int(result.nanosecondsPerLine)) ns/line, \(Int(result.linesPerSecond)) lines/s")
        #expect(result.flags == 0)
        #expect(result.lines >= 100_000 && result.lines < 100_000 + batchSize)
    }
}
