import IILogsAgent
import IILogsCore
import Testing

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
        var random = SeededRandom(seed: 42)
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
        var random = SeededRandom(seed: 1)
        #expect(backoff.delay(attempt: 5, using: &random) == .seconds(2))
        #expect(backoff.refusalDelay == .seconds(2))
    }
}
