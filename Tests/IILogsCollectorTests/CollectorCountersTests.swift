import IILogsCore
import Testing
@testable import IILogsCollector

@Suite struct CollectorCountersTests {
    @Test func countsEveryKind() {
        let c = CollectorCounters()
        c.connectionOpened()
        c.connectionOpened()
        c.connectionClosed()
        c.refused(.wrongInstance)
        c.refused(.wrongInstance)
        c.refused(RefusalCode(rawValue: 99))
        c.batchStored(lineCount: 10, duplicate: false)
        c.batchStored(lineCount: 10, duplicate: true)
        c.received(bytes: 123)
        let s = c.snapshot()
        #expect(s.connectionsCurrent == 1)
        #expect(s.connectionsTotal == 2)
        #expect(s.refusals == ["wrong_instance": 2, "code_99": 1])
        #expect(s.batches == 1)
        #expect(s.duplicateBatches == 1)
        #expect(s.lines == 10)
        #expect(s.bytesReceived == 123)
    }

    @Test func concurrentUpdatesAreNotLost() async {
        let c = CollectorCounters()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<1000 {
                        c.batchStored(lineCount: 1, duplicate: false)
                        c.refused(.timeout)
                    }
                }
            }
        }
        #expect(c.snapshot().lines == 8000)
        #expect(c.snapshot().refusals["timeout"] == 8000)
    }
}
