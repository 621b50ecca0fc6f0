public import IILogsCore

/// The durable queue of webhook notifications: `DIR/outbox.jsonl` (what is still to deliver) and
/// `DIR/deliveries.jsonl` (the delivery log, one line per attempt).
///
/// Invariants:
/// - `enqueue` returns only after the `queued` line is written and fsynced: a notification the
///   producer was told about survives a crash or restart of the collector.
/// - A notification leaves an endpoint's queue only through a `done` line, written after a 2xx
///   (at least once), after giving up (maxAttempts / maxAge), or when dropped (outbox full,
///   endpoint no longer configured) — every drop is logged and counted.
/// - Opening replays the file (a torn last line is skipped and counted) and rewrites it with only
///   the pending notifications; the file is also rewritten when done lines outnumber pending ones.
/// - At most `maxQueuedNotifications` notifications are pending; a new one beyond that drops the oldest.
/// - The delivery log is rotated to `deliveries.jsonl.1` once larger than `maxDeliveryLogBytes`.
///
/// It runs on a queue of its own (``DispatchQueueExecutor``): its fsyncs never hold a thread of the cooperative pool.
public actor WebhookOutbox {
    let executor = DispatchQueueExecutor(label: "iilogs.webhooks.outbox")
    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// A notification still to deliver to one endpoint.
    public struct Pending: Sendable {
        public var notification: ActionNotification
        public var queuedAt: Timestamp
    }

    private struct Entry {
        var notification: ActionNotification
        var queuedAt: Timestamp
        var endpoints: Set<String>
        var endpointOrder: [String]
    }

    public nonisolated let outboxPath: String
    public nonisolated let deliveryLogPath: String
    private let maxQueuedNotifications: Int
    private let maxDeliveryLogBytes: Int
    private let counters: WebhookCounters
    private var entries: [String: Entry] = [:]
    /// Ids in queue order (oldest first); may hold ids already finished, skipped lazily.
    private var order: [String] = []
    private var orderStart = 0
    private var linesInFile = 0

    /// Opens (creating) the outbox in `directory`; pending pairs for endpoints not in `endpoints` are dropped.
    public init(directory: String, endpoints: [String], maxQueuedNotifications: Int, maxDeliveryLogBytes: Int,
                counters: WebhookCounters) async throws {
        try ActionFiles.makeDirectory(directory)
        outboxPath = directory + "/outbox.jsonl"
        deliveryLogPath = directory + "/deliveries.jsonl"
        self.maxQueuedNotifications = maxQueuedNotifications
        self.maxDeliveryLogBytes = maxDeliveryLogBytes
        self.counters = counters
        var unreadable = 0
        var removed: [(String, String)] = []
        if let bytes = try ActionFiles.read(outboxPath) {
            for line in bytes.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                guard let record = try? ActionJSON.decode(OutboxRecord.self, from: line) else {
                    unreadable += 1
                    continue
                }
                switch record {
                case .queued(let notification, let targets, let queuedAt):
                    guard entries[notification.id] == nil else { continue }
                    entries[notification.id] = Entry(notification: notification, queuedAt: queuedAt,
                                                     endpoints: Set(targets), endpointOrder: targets)
                    order.removeAll { $0 == notification.id }  // delivered earlier, queued again
                    order.append(notification.id)
                case .done(let id, let endpoint, _):
                    entries[id]?.endpoints.remove(endpoint)
                    if entries[id]?.endpoints.isEmpty == true { entries[id] = nil }
                }
            }
        }
        let configured = Set(endpoints)
        for id in order {
            guard var entry = entries[id] else { continue }
            for endpoint in entry.endpointOrder where entry.endpoints.contains(endpoint) && !configured.contains(endpoint) {
                entry.endpoints.remove(endpoint)
                removed.append((id, endpoint))
            }
            entries[id] = entry.endpoints.isEmpty ? nil : entry
        }
        order = order.filter { entries[$0] != nil }
        try rewrite()
        let removedCount = removed.count
        counters.update {
            $0.unreadableOutboxLines += unreadable
            if removedCount > 0 { $0.dropped["endpoint_removed", default: 0] += removedCount }
        }
        for (id, endpoint) in removed {
            try log(DeliveryLogEntry(id: id, endpoint: endpoint, attempt: 0, time: .now(), error: "endpoint no longer configured",
                                     durationMilliseconds: 0, outcome: .dropped))
        }
    }

    /// Notifications pending for at least one endpoint.
    public var pendingCount: Int { entries.count }

    /// Ids pending for `endpoint`, oldest first.
    public func pendingIDs(for endpoint: String) -> [String] {
        order[orderStart...].filter { entries[$0]?.endpoints.contains(endpoint) == true }
    }

    /// What `enqueue` did.
    public enum EnqueueResult: Sendable, Hashable {
        /// Written and fsynced; `droppedOldest` notifications were dropped to make room.
        case queued(droppedOldest: Int)
        /// A notification with this id is already pending (idempotent producers may re-send).
        case duplicate
        /// No endpoint wants this kind; nothing written.
        case noEndpoint
    }

    /// Queues `notification` for `endpoints` durably (fsync) and returns once it is on disk.
    public func enqueue(_ notification: ActionNotification, endpoints: [String], now: Timestamp) throws -> EnqueueResult {
        if endpoints.isEmpty { return .noEndpoint }
        if entries[notification.id] != nil { return .duplicate }
        var dropped = 0
        while entries.count >= maxQueuedNotifications, let oldest = popOldest() {
            for endpoint in oldest.endpointOrder where oldest.endpoints.contains(endpoint) {
                try append(.done(id: oldest.notification.id, endpoint: endpoint, outcome: .dropped), sync: false)
                try log(DeliveryLogEntry(id: oldest.notification.id, endpoint: endpoint, attempt: 0, time: now,
                                         error: "outbox full (maxQueuedNotifications \(maxQueuedNotifications))",
                                         durationMilliseconds: 0, outcome: .dropped))
            }
            dropped += 1
        }
        try append(.queued(notification: notification, endpoints: endpoints, queuedAt: now), sync: true)
        entries[notification.id] = Entry(notification: notification, queuedAt: now, endpoints: Set(endpoints), endpointOrder: endpoints)
        if let stale = order[orderStart...].firstIndex(of: notification.id) { order.remove(at: stale) }  // delivered earlier, queued again
        order.append(notification.id)
        counters.update {
            $0.queued += 1
            if dropped > 0 { $0.dropped["outbox_full", default: 0] += dropped }
        }
        return .queued(droppedOldest: dropped)
    }

    /// The oldest notification pending for `endpoint`, if any.
    public func next(for endpoint: String) -> Pending? {
        for id in order[orderStart...] {
            if let entry = entries[id], entry.endpoints.contains(endpoint) {
                return Pending(notification: entry.notification, queuedAt: entry.queuedAt)
            }
        }
        return nil
    }

    /// True while `id` is still to deliver to `endpoint` (false once finished or dropped).
    public func isPending(_ id: String, for endpoint: String) -> Bool {
        entries[id]?.endpoints.contains(endpoint) == true
    }

    /// Records that `endpoint` is done with `id` (acknowledged, given up); ignored when no longer pending.
    public func finish(_ id: String, endpoint: String, outcome: DeliveryOutcome) throws {
        guard var entry = entries[id], entry.endpoints.contains(endpoint) else { return }
        try append(.done(id: id, endpoint: endpoint, outcome: outcome), sync: false)
        entry.endpoints.remove(endpoint)
        entries[id] = entry.endpoints.isEmpty ? nil : entry
        if linesInFile > 2 * entries.count + Self.compactionSlack { try rewrite() }
    }

    /// Appends one line to the delivery log, rotating it when too large.
    public func log(_ entry: DeliveryLogEntry) throws {
        if ActionFiles.size(deliveryLogPath) > maxDeliveryLogBytes {
            try ActionFiles.move(deliveryLogPath, to: deliveryLogPath + ".1")
        }
        try ActionFiles.append(try ActionJSON.encode(entry) + [UInt8(ascii: "\n")], to: deliveryLogPath, sync: false)
    }

    /// Done lines tolerated beyond twice the pending count before the file is rewritten.
    static let compactionSlack = 256

    private func popOldest() -> Entry? {
        while orderStart < order.count {
            let id = order[orderStart]
            orderStart += 1
            if let entry = entries.removeValue(forKey: id) { return entry }
        }
        return nil
    }

    private func append(_ record: OutboxRecord, sync: Bool) throws {
        try ActionFiles.append(try ActionJSON.encode(record) + [UInt8(ascii: "\n")], to: outboxPath, sync: sync)
        linesInFile += 1
    }

    /// Rewrites the outbox with only what is pending (one `queued` line per notification, listing
    /// only its pending endpoints).
    private func rewrite() throws(ActionFileError) {
        var bytes: [UInt8] = []
        var kept: [String] = []
        for id in order[orderStart...] {
            guard let entry = entries[id] else { continue }
            let endpoints = entry.endpointOrder.filter { entry.endpoints.contains($0) }
            guard let line = try? ActionJSON.encode(OutboxRecord.queued(notification: entry.notification, endpoints: endpoints,
                                                                        queuedAt: entry.queuedAt)) else { continue }
            bytes += line
            bytes.append(UInt8(ascii: "\n"))
            kept.append(id)
        }
        try ActionFiles.replace(outboxPath, with: bytes)
        order = kept
        orderStart = 0
        linesInFile = kept.count
    }
}
