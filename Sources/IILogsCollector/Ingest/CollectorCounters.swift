public import IILogsCore
import Synchronization

/// The collector's own counters: connections, refusals by reason, batches, lines, bytes.
///
/// Shared by every session and read by `GET /v1/stats`; updates are lock-free except refusals.
public final class CollectorCounters: Sendable {
    private let connectionsCurrent = Atomic<Int>(0)
    private let connectionsTotal = Atomic<Int>(0)
    private let batches = Atomic<Int>(0)
    private let duplicateBatches = Atomic<Int>(0)
    private let lines = Atomic<Int>(0)
    private let bytesReceived = Atomic<Int>(0)
    private let refusals = Mutex<[String: Int]>([:])

    public init() {}

    /// A connection was accepted.
    public func connectionOpened() {
        connectionsCurrent.add(1, ordering: .relaxed)
        connectionsTotal.add(1, ordering: .relaxed)
    }

    /// A connection ended.
    public func connectionClosed() {
        connectionsCurrent.subtract(1, ordering: .relaxed)
    }

    /// A refusal was sent (or would have been, had the peer stayed).
    public func refused(_ code: RefusalCode) {
        refusals.withLock { $0[code.name, default: 0] += 1 }
    }

    /// A batch was stored (`duplicate` when it was already stored) with `lineCount` log lines.
    public func batchStored(lineCount: Int, duplicate: Bool) {
        if duplicate {
            duplicateBatches.add(1, ordering: .relaxed)
        } else {
            batches.add(1, ordering: .relaxed)
            lines.add(lineCount, ordering: .relaxed)
        }
    }

    /// Bytes read from agent sockets.
    public func received(bytes: Int) {
        bytesReceived.add(bytes, ordering: .relaxed)
    }

    /// Open connections right now.
    public var currentConnections: Int { connectionsCurrent.load(ordering: .relaxed) }

    /// A consistent-enough copy of every counter.
    public func snapshot() -> Snapshot {
        Snapshot(
            connectionsCurrent: connectionsCurrent.load(ordering: .relaxed),
            connectionsTotal: connectionsTotal.load(ordering: .relaxed),
            refusals: refusals.withLock { $0 },
            batches: batches.load(ordering: .relaxed),
            duplicateBatches: duplicateBatches.load(ordering: .relaxed),
            lines: lines.load(ordering: .relaxed),
            bytesReceived: bytesReceived.load(ordering: .relaxed))
    }

    /// The counters as `GET /v1/stats` returns them.
    public struct Snapshot: Sendable, Hashable, Codable {
        public var connectionsCurrent: Int
        public var connectionsTotal: Int
        /// Refusals by ``RefusalCode/name`` (`bad_token`, `wrong_instance`, …).
        public var refusals: [String: Int]
        /// Batches stored (duplicates excluded).
        public var batches: Int
        /// Batches that were already stored (acknowledged again, stored once).
        public var duplicateBatches: Int
        /// Log lines in stored batches.
        public var lines: Int
        public var bytesReceived: Int
    }
}
