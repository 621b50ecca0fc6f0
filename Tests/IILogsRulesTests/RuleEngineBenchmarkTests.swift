import IILogsRules
import Testing

@Suite("RuleEngine benchmark hook")
struct RuleEngineBenchmarkTests {
    /// Prints the per-line cost of the default rules (a debug-build figure; never asserted on time).
    @Test func benignLinesRaiseNoFlagsAndPrintTheCost() {
        let result = RuleEngineBenchmark.run(lines: 200_000, instances: 1_000)
        print("rules bench (debug build): \(result.lines) lines, \(result.instances) instances, "
              + "\(Int(result.nanosecondsPerLine)) ns/line, \(Int(result.linesPerSecond)) lines/s")
        #expect(result.flags == 0)
        #expect(result.lines == 200_000)
    }
}
