import IILogsCore
import Testing
@testable import IILogsCollector

@Suite struct DeliveryStateTests {
    static let start = Timestamp(nanosecondsSinceEpoch: 1_800_000_000_000_000_000)
    static let policy = RetryPolicy(maxAttempts: 5, maxAge: .seconds(3600), minBackoff: .seconds(1), maxBackoff: .seconds(10),
                                    jitterFraction: 0.5)

    @Test func backoffDoublesUpToTheMaximum() {
        let noJitter = RetryPolicy(minBackoff: .seconds(1), maxBackoff: .seconds(10), jitterFraction: 0)
        let waits = (1...6).map { noJitter.backoff(afterFailedAttempts: $0, random: 0.7) }
        #expect(waits == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(10), .seconds(10)])
        #expect(noJitter.backoff(afterFailedAttempts: 10_000, random: 0) == .seconds(10))
    }

    @Test func jitterTakesUpToItsFractionOffTheBackoff() {
        #expect(Self.policy.backoff(afterFailedAttempts: 3, random: 0) == .seconds(4))
        #expect(Self.policy.backoff(afterFailedAttempts: 3, random: 0.5) == .seconds(3))
        #expect(Self.policy.backoff(afterFailedAttempts: 3, random: 0.999_999) > .seconds(2))
        #expect(Self.policy.backoff(afterFailedAttempts: 3, random: 7) == .seconds(2))  // clamped
    }

    @Test func twoFailuresThenA2xxIsAcknowledged() {
        var state = DeliveryState(queuedAt: Self.start)
        #expect(state.nextAttemptNumber == 1)
        #expect(state.record(.status(500), at: Self.start, policy: Self.policy, random: 0) == .retry(after: .seconds(1)))
        #expect(state.record(.failed("refused"), at: Self.start, policy: Self.policy, random: 0) == .retry(after: .seconds(2)))
        #expect(state.record(.status(204), at: Self.start, policy: Self.policy, random: 0) == .acknowledged)
        #expect(state.attempts == 3)
        #expect(state.finished)
    }

    @Test func onlyA2xxAcknowledges() {
        for code in [100, 199, 301, 400, 404, 429, 500, 503] {
            var state = DeliveryState(queuedAt: Self.start)
            #expect(state.record(.status(code), at: Self.start, policy: Self.policy, random: 0) != .acknowledged, "\(code)")
        }
        for code in [200, 201, 202, 299] {
            var state = DeliveryState(queuedAt: Self.start)
            #expect(state.record(.status(code), at: Self.start, policy: Self.policy, random: 0) == .acknowledged, "\(code)")
        }
    }

    @Test func givesUpAfterMaxAttempts() {
        var state = DeliveryState(queuedAt: Self.start)
        var decisions: [DeliveryState.Decision] = []
        for _ in 0..<5 { decisions.append(state.record(.status(503), at: Self.start, policy: Self.policy, random: 0)) }
        #expect(decisions.prefix(4).allSatisfy { if case .retry = $0 { true } else { false } })
        guard case .giveUp(let reason) = decisions[4] else {
            Issue.record("expected giveUp, got \(decisions[4])")
            return
        }
        #expect(reason.contains("maxAttempts"))
    }

    @Test func givesUpWhenTheNextAttemptWouldBePastMaxAge() {
        let policy = RetryPolicy(maxAttempts: 100, maxAge: .seconds(60), minBackoff: .seconds(10), maxBackoff: .seconds(10),
                                 jitterFraction: 0)
        var state = DeliveryState(queuedAt: Self.start)
        #expect(state.record(.status(500), at: Self.start.adding(.seconds(40)), policy: policy, random: 0) == .retry(after: .seconds(10)))
        guard case .giveUp(let reason) = state.record(.status(500), at: Self.start.adding(.seconds(50)), policy: policy, random: 0) else {
            Issue.record("expected giveUp")
            return
        }
        #expect(reason.contains("maxAge"))
        #expect(state.isExpired(at: Self.start.adding(.seconds(60)), policy: policy))
        #expect(!state.isExpired(at: Self.start.adding(.seconds(59)), policy: policy))
    }
}
