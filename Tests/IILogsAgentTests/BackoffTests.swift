import IILogsAgent
import Testing

/// A deterministic generator (SplitMix64) so jitter tests are repeatable.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct BackoffTests {
    @Test func ceilingDoublesUpToTheMaximum() {
        let backoff = Backoff(minimum: .milliseconds(100), maximum: .seconds(30))
        #expect(backoff.ceiling(attempt: 0) == .milliseconds(100))
        #expect(backoff.ceiling(attempt: 1) == .milliseconds(200))
        #expect(backoff.ceiling(attempt: 4) == .milliseconds(1600))
        #expect(backoff.ceiling(attempt: 9) == .seconds(30))
        #expect(backoff.ceiling(attempt: 1000) == .seconds(30))
        #expect(backoff.ceiling(attempt: -3) == .milliseconds(100))
    }

    @Test func delaysStayWithinBoundsAndAreJittered() {
        let backoff = Backoff(minimum: .milliseconds(100), maximum: .seconds(30))
        var random = SeededGenerator(state: 42)
        for attempt in 0..<40 {
            var seen = Set<Duration>()
            for _ in 0..<50 {
                let delay = backoff.delay(attempt: attempt, using: &random)
                #expect(delay >= .milliseconds(100))
                #expect(delay <= backoff.ceiling(attempt: attempt))
                seen.insert(delay)
            }
            if attempt > 0 { #expect(seen.count > 10, "attempt \(attempt) is not jittered") }
        }
    }

    @Test func maximumBelowMinimumIsRaised() {
        let backoff = Backoff(minimum: .seconds(2), maximum: .seconds(1))
        var random = SeededGenerator(state: 1)
        #expect(backoff.delay(attempt: 5, using: &random) == .seconds(2))
        #expect(backoff.refusalDelay == .seconds(2))
    }
}
