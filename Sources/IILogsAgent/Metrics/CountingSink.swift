public import IILogsCore
import Synchronization

/// Passes records on to another sink and counts them: the agent's `agent.records_read`.
public final class CountingSink: RecordSink {
    let next: any RecordSink
    private let count = Atomic<Int>(0)

    public init(_ next: any RecordSink) { self.next = next }

    /// Records passed on so far.
    public var recordsPassed: Int { count.load(ordering: .relaxed) }

    public func submit(_ record: Record, checkpoint: SourceCheckpoint?) async {
        count.add(1, ordering: .relaxed)
        await next.submit(record, checkpoint: checkpoint)
    }
}
