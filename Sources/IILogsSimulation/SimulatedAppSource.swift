public import IILogsAgent
public import IILogsCore
public import ServiceLifecycle

/// A source that writes a seeded fleet workload into an agent at a steady rate, as an instance's
/// applications would. Used by `iilogs demo`; the agent around it is the real one.
public struct SimulatedAppSource: Service {
    public var sink: any RecordSink
    public var hostname: String
    public var linesPerSecond: Int
    public var workload: FleetWorkload
    /// Lines the instance writes every tick once its troubles start, if it is the one that dies.
    public var finalWords: [LogRecord.Template]
    /// When the troubles start, counted from the source's start.
    public var troubleAfter: Duration?

    public init(sink: any RecordSink, hostname: String, linesPerSecond: Int, workload: FleetWorkload,
                finalWords: [LogRecord.Template] = [], troubleAfter: Duration? = nil) {
        self.sink = sink
        self.hostname = hostname
        self.linesPerSecond = linesPerSecond
        self.workload = workload
        self.finalWords = finalWords
        self.troubleAfter = troubleAfter
    }

    public func run() async throws {
        var workload = self.workload
        let tick = Duration.milliseconds(100)
        let perTick = max(1, linesPerSecond / 10)
        let troubleStart = troubleAfter.map { ContinuousClock.now + $0 }
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let inTrouble = troubleStart.map { ContinuousClock.now >= $0 } ?? false
            for _ in 0..<(inTrouble ? 1 : perTick) {
                await sink.submit(.log(workload.nextLine(time: .now(), hostname: hostname)), checkpoint: nil)
            }
            if inTrouble {
                for template in finalWords {
                    await sink.submit(.log(template.record(at: .now(), hostname: hostname)), checkpoint: nil)
                }
            }
            try? await Task.sleep(for: tick)
        }
    }
}

extension LogRecord {
    /// A line to repeat with a fresh time.
    public struct Template: Sendable {
        public var severity: Severity
        public var app: String
        public var message: String

        public init(severity: Severity, app: String, message: String) {
            self.severity = severity
            self.app = app
            self.message = message
        }

        public func record(at time: Timestamp, hostname: String) -> LogRecord {
            LogRecord(time: time, severity: severity, facility: 1, hostname: hostname, app: app, message: message)
        }
    }
}
