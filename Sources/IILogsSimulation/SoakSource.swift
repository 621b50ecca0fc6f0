public import IILogsAgent
import IILogsCore
public import ServiceLifecycle
import Synchronization

/// The soak's application: writes `soak <instance> seq=N …` lines into a real agent at a steady rate for
/// a bounded time, numbering them from 0, then stops. The sequence numbers let the soak read back what
/// was stored and find every lost or duplicated line.
///
/// Once done it stays quiet until the agent shuts down, like an application that stopped logging: a
/// source that returned on its own while the agent drains would end the agent's ServiceGroup early.
public struct SoakSource: Service {
    /// Lines written so far, and whether the source has written all it will.
    public final class Count: Sendable {
        let value = Atomic<Int>(0)
        let done = Atomic<Bool>(false)
        /// Creates a zero count.
        public init() {}
        /// The count now.
        public var current: Int { value.load(ordering: .acquiring) }
        /// True once the source has written its last line.
        public var finished: Bool { done.load(ordering: .acquiring) }
    }

    public var sink: any RecordSink
    public var instanceID: String
    public var linesPerSecond: Int
    public var duration: Duration
    public var sent: Count

    /// A source writing `linesPerSecond` lines for `duration` into `sink`.
    public init(sink: any RecordSink, instanceID: String, linesPerSecond: Int, duration: Duration, sent: Count) {
        self.sink = sink
        self.instanceID = instanceID
        self.linesPerSecond = linesPerSecond
        self.duration = duration
        self.sent = sent
    }

    /// The line numbered `sequence`.
    public static func message(instanceID: String, sequence: Int) -> String {
        "soak \(instanceID) seq=\(sequence) level=info msg=\"request served\" path=/api/v1/items/\(sequence % 977) status=200 took_ms=\(sequence % 89)"
    }

    /// Reads the number back from a stored message of `instanceID`; nil for any other line.
    public static func sequence(in message: String, instanceID: String) -> Int? {
        let prefix = "soak \(instanceID) seq="
        guard message.hasPrefix(prefix) else { return nil }
        return Int(message.dropFirst(prefix.count).prefix { $0.isASCII && $0.isNumber })
    }

    public func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let tick = Duration.milliseconds(100)
        let ticks = Int((duration / tick).rounded(.up))
        var written = 0
        for index in 1...max(1, ticks) {
            if Task.isCancelled || Task.isShuttingDownGracefully { break }
            let due = Int(Double(linesPerSecond) * Double(index) / 10)
            while written < due {
                let record = LogRecord(time: .now(), severity: .info, facility: 1, hostname: "soak-host", app: "soak",
                                       message: Self.message(instanceID: instanceID, sequence: written))
                await sink.submit(.log(record), checkpoint: nil)
                written += 1
                sent.value.store(written, ordering: .releasing)
            }
            try? await clock.sleep(until: start.advanced(by: tick * index))
        }
        sent.done.store(true, ordering: .releasing)
        try? await gracefulShutdown()
    }
}

