import IILogsStore

/// Hands one agent session's stored batches to the rules in order, off the session's path to its next
/// acknowledgement: a child task scans and evaluates them (``RuleEvaluator/scan(_:)``, then
/// ``RuleEvaluator/observe(_:scanned:)``) while the session stores the next batch.
///
/// Bounded: at most ``maxBatchesAwaitingRules`` batches wait; the session then waits for the rules before
/// going on (backpressure, never a dropped batch). Evaluating before each ack made every batch wait for
/// the rules: with sessions bound by commit latency that cost ~30 % of ingest time (docs/PERFORMANCE.md).
struct SessionRulesFeed {
    /// Stored batches of one session waiting for the rules, at most.
    static let maxBatchesAwaitingRules = 4

    private let work: AsyncStream<IngestBatch>.Continuation
    private var completions: AsyncStream<Void>.AsyncIterator
    /// Submitted minus completions consumed: at least the batches really waiting.
    private var waiting = 0

    /// Runs `body` with a feed (nil when `evaluator` is nil: rules off); when `body` returns, the batches
    /// already submitted are evaluated before this returns.
    static func withFeed(evaluator: RuleEvaluator?, _ body: (inout SessionRulesFeed?) async throws -> Void) async throws {
        guard let evaluator else {
            var none: SessionRulesFeed?
            try await body(&none)
            return
        }
        let (batches, work) = AsyncStream.makeStream(of: IngestBatch.self)
        let (done, completed) = AsyncStream.makeStream(of: Void.self)
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                for await batch in batches {
                    await evaluator.observe(batch.identity, scanned: evaluator.scan(batch))
                    completed.yield()
                }
                completed.finish()
            }
            defer { work.finish() }
            var feed: SessionRulesFeed? = SessionRulesFeed(work: work, completions: done.makeAsyncIterator())
            try await body(&feed)
        }
    }

    private init(work: AsyncStream<IngestBatch>.Continuation, completions: AsyncStream<Void>.AsyncIterator) {
        self.work = work
        self.completions = completions
    }

    /// Queues a stored (never a duplicate) batch for the rules; waits while ``maxBatchesAwaitingRules`` wait.
    mutating func submit(_ batch: IngestBatch) async {
        while waiting >= Self.maxBatchesAwaitingRules {
            guard await completions.next() != nil else { return }  // the evaluating task ended (cancelled)
            waiting -= 1
        }
        work.yield(batch)
        waiting += 1
    }
}
