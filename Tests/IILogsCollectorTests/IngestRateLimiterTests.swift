import Testing
@testable import IILogsCollector

@Suite struct IngestRateLimiterTests {
    @Test func withinTheRateNothingWaitsAboveItBatchesWaitTheirShare() {
        let limiter = IngestRateLimiter(recordsPerSecond: 100, burst: .seconds(10))
        // A burst of 10 s worth (1,000 records) plus one batch passes at once
        #expect(limiter.delay(instanceID: "i-a", records: 1_000, now: 0) == .zero)
        #expect(limiter.delay(instanceID: "i-a", records: 100, now: 0) == .zero)
        // Then each 100 records wait one more second
        #expect(limiter.delay(instanceID: "i-a", records: 100, now: 0) == .seconds(1))
        #expect(limiter.delay(instanceID: "i-a", records: 100, now: 0) == .seconds(2))
        // Other instances have their own budget
        #expect(limiter.delay(instanceID: "i-b", records: 100, now: 0) == .zero)
        // After a quiet minute the budget is back
        #expect(limiter.delay(instanceID: "i-a", records: 500, now: 60) == .zero)
    }

    @Test func theWaitIsCapped() {
        let limiter = IngestRateLimiter(recordsPerSecond: 1, burst: .zero, maxWait: .seconds(30))
        #expect(limiter.delay(instanceID: "i-a", records: 1_000, now: 0) == .zero)
        #expect(limiter.delay(instanceID: "i-a", records: 1, now: 0) == .seconds(30))
    }

    @Test func admitsTakesWhatIsWithinTheRateAndDoesNotChargeWhatItRefuses() {
        let limiter = IngestRateLimiter(recordsPerSecond: 10, burst: .seconds(1))
        // A burst of 1 s worth (10 records) plus one is admitted at once, then nothing at the same instant
        let admitted = (0..<30).filter { _ in limiter.admits(key: "10.0.0.1", records: 1, now: 0) }.count
        #expect(admitted == 11)
        // Another sender has its own budget
        #expect(limiter.admits(key: "10.0.0.2", records: 1, now: 0))
        // Refusals were not charged: a tenth of a second later exactly one more fits, not one after 19 refused
        #expect(limiter.admits(key: "10.0.0.1", records: 1, now: 0.1))
        #expect(!limiter.admits(key: "10.0.0.1", records: 1, now: 0.1))
        // After a few quiet seconds the burst is back
        #expect((0..<30).filter { _ in limiter.admits(key: "10.0.0.1", records: 1, now: 5) }.count == 11)
    }

    @Test func forgettingIdleKeysKeepsSendersThatAreStillOverTheirRate() {
        let limiter = IngestRateLimiter(recordsPerSecond: 1, burst: .zero)
        // A sender 1,000 s ahead of its rate
        #expect(limiter.admits(key: "debtor", records: 1_000, now: 0))
        // Then 150,000 other senders, one record each over 15 s: pruning runs, forgetting those whose time passed
        for n in 0..<150_000 { _ = limiter.admits(key: "k\(n)", records: 1, now: Double(n) / 10_000) }
        // The debtor is still held back
        #expect(!limiter.admits(key: "debtor", records: 1, now: 20))
    }
}
