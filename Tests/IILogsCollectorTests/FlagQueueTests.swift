import IILogsCore
import IILogsRules
import Testing
@testable import IILogsCollector

@Suite struct FlagQueueTests {
    static func flag(_ n: Int) -> Flag {
        Flag(rule: "r", kind: .logPattern, action: .warn, instanceID: "i-\(n)", imageVersion: "v1",
             time: Timestamp(nanosecondsSinceEpoch: Int64(n)), reason: "n=\(n)", evidence: [])
    }

    @Test func everythingWaitingIsTakenAtOnceInOrderUpToTheMaximum() async {
        let queue = FlagQueue(capacity: 100)
        queue.push((1...5).map(Self.flag))
        queue.push([Self.flag(6)])
        #expect(await queue.next(max: 4)?.map(\.instanceID) == ["i-1", "i-2", "i-3", "i-4"])
        #expect(await queue.next(max: 4)?.map(\.instanceID) == ["i-5", "i-6"])
    }

    @Test func beyondTheCapacityFlagsAreDroppedAndCounted() async {
        let queue = FlagQueue(capacity: 3)
        #expect(queue.push((1...2).map(Self.flag)) == 0)
        #expect(queue.push((3...5).map(Self.flag)) == 2)
        #expect(queue.droppedCount == 2)
        #expect(await queue.next(max: 10)?.map(\.instanceID) == ["i-1", "i-2", "i-3"])
    }

    @Test func aWaitingConsumerIsWokenByAPushAndFinishEndsItAfterTheRest() async {
        let queue = FlagQueue(capacity: 10)
        async let first = queue.next(max: 10)
        try? await Task.sleep(for: .milliseconds(50))  // the consumer is most likely waiting by now; either order must work
        queue.push([Self.flag(1)])
        #expect(await first?.map(\.instanceID) == ["i-1"])
        queue.push([Self.flag(2)])
        queue.finish()
        queue.push([Self.flag(3)])  // after finish: ignored
        #expect(await queue.next(max: 10)?.map(\.instanceID) == ["i-2"])
        #expect(await queue.next(max: 10) == nil)
    }

    @Test func aCancelledConsumerStopsWaiting() async {
        let queue = FlagQueue(capacity: 10)
        let consumer = Task { await queue.next(max: 10) }
        try? await Task.sleep(for: .milliseconds(50))
        consumer.cancel()
        #expect(await consumer.value == nil)
    }
}
