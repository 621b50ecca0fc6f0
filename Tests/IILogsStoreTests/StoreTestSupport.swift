import FoundationEssentials
import IILogsCore
import IILogsStore
import Logging
import Glibc

/// A fresh data folder per test, removed afterwards.
struct TemporaryStoreFolder: ~Copyable {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/iilogs-store-test-\(UInt64.random(in: 0...UInt64.max))"
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func open(readOnly: Bool = false) throws -> SQLiteStore {
        try SQLiteStore(directory: path, readOnly: readOnly, logger: testLogger)
    }
}

let testLogger = Logger(label: "iilogs.store.tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Times relative to a fixed origin, in seconds.
enum T {
    static let origin: Int64 = 1_790_000_000_000_000_000
    static func s(_ seconds: Double) -> Timestamp {
        Timestamp(nanosecondsSinceEpoch: origin + Int64(seconds * 1_000_000_000))
    }
}

func identity(_ instance: String, image: String = "v1", boot: String = "boot-1") -> InstanceIdentity {
    InstanceIdentity(instanceID: instance, imageVersion: image, bootID: boot, labels: ["service": "orders"])
}

/// One line per (second, message) pair.
func lines(_ items: [(Double, String)], severity: Severity = .info, app: String = "app") -> [LogRecord] {
    items.map { LogRecord(time: T.s($0.0), severity: severity, app: app, message: $0.1) }
}

func batch(_ identity: InstanceIdentity, stream: UInt64? = 7, sequence: UInt64, records: [LogRecord] = [],
           events: [LifecycleEvent] = [], metrics: [MetricSample] = [], receivedAt: Timestamp = T.s(0), dropped: UInt64 = 0) -> IngestBatch {
    IngestBatch(identity: identity, stream: stream.map { StreamPosition(streamID: $0, sequence: sequence) }, receivedAt: receivedAt,
                logs: records.isEmpty ? nil : LogBlockCodec.encode(records), events: events, metrics: metrics,
                agentDroppedRecords: dropped)
}

func everything(_ scope: LogQuery.Scope = .all) -> LogQuery {
    LogQuery(scope: scope, limit: 0)
}
