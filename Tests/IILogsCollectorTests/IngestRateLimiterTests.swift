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
}
