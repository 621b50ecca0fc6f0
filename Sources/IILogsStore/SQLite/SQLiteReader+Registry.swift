import IILogsCore

/// Registry reads (instances, images, events) over one read connection.
struct SQLiteRegistryReader {
    let db: SQLiteDatabase

    func instances(_ filter: InstanceFilter) throws(StoreError) -> [InstanceSummary] {
        var conditions: [String] = []
        if filter.image != nil { conditions.append("images.version = ?1") }
        if filter.instanceID != nil { conditions.append("instances.instance_id = ?2") }
        let select = try db.cached("""
            SELECT instances.instance_id, images.version, instances.boot_id, instances.labels,
                   instances.first_seen, instances.last_seen, instances.last_log_time, instances.last_event,
                   instances.last_boot_at, instances.terminating_at, instances.terminated_at,
                   instances.lines, instances.batches, instances.duplicate_batches, instances.agent_dropped,
                   coalesce(s.gaps, 0), coalesce(s.last_sequence, 0),
                   instances.closed_at, instances.quarantined_at, instances.released_at
            FROM instances JOIN images ON images.key = instances.image_key
            LEFT JOIN (SELECT instance_key, sum(max(max_sequence - batches, 0)) AS gaps, max(max_sequence) AS last_sequence
                       FROM streams GROUP BY instance_key) AS s ON s.instance_key = instances.key
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY instances.first_seen, instances.key
            """)
        if let image = filter.image { select.bind(1, image) }
        if let instanceID = filter.instanceID { select.bind(2, instanceID) }
        defer { select.reset() }
        var result: [InstanceSummary] = []
        while try select.step() {
            let facts = InstanceStateRules.Facts(lastSeen: select.int64(5), lastBootAt: select.optionalInt64(8),
                                                 terminatingAt: select.optionalInt64(9), terminatedAt: select.optionalInt64(10),
                                                 closedAt: select.optionalInt64(17), quarantinedAt: select.optionalInt64(18),
                                                 releasedAt: select.optionalInt64(19))
            let state = InstanceStateRules.state(facts, now: filter.now, lostAfter: filter.lostAfter)
            if let wanted = filter.state, wanted != state { continue }
            var delivery = DeliveryStats()
            delivery.lines = select.int(11)
            delivery.batches = select.int(12)
            delivery.duplicateBatches = select.int(13)
            delivery.agentDroppedRecords = select.int(14)
            delivery.sequenceGaps = select.int(15)
            delivery.lastSequence = UInt64(bitPattern: select.int64(16))
            result.append(InstanceSummary(
                identity: InstanceIdentity(instanceID: select.string(0), imageVersion: select.string(1), bootID: select.string(2),
                                           labels: SQLiteWriter.labels(fromJSON: select.string(3))),
                state: state, firstSeen: Timestamp(nanosecondsSinceEpoch: select.int64(4)),
                lastSeen: Timestamp(nanosecondsSinceEpoch: select.int64(5)),
                lastLogTime: select.optionalInt64(6).map(Timestamp.init(nanosecondsSinceEpoch:)),
                lastEvent: select.optionalString(7), delivery: delivery))
        }
        return result
    }

    /// Last seen and `received_by` of each known instance of `instanceIDs`.
    func receptions(instanceIDs: [String]) throws(StoreError) -> [String: InstanceReception] {
        let select = try db.cached("SELECT last_seen, received_by FROM instances WHERE instance_id = ?1")
        var result: [String: InstanceReception] = [:]
        for instanceID in Set(instanceIDs) {
            select.bind(1, instanceID)
            defer { select.reset() }
            if try select.step() {
                result[instanceID] = InstanceReception(lastSeen: Timestamp(nanosecondsSinceEpoch: select.int64(0)), receivedBy: select.string(1))
            }
        }
        return result
    }

    /// Aggregates ``instances(_:)`` per image version, ordered by first seen, then version.
    func images(at now: Timestamp, lostAfter: Duration) throws(StoreError) -> [ImageSummary] {
        var byVersion: [String: ImageSummary] = [:]
        var order: [String] = []
        let select = try db.cached("SELECT version, first_seen, last_seen FROM images ORDER BY first_seen, key")
        defer { select.reset() }
        while try select.step() {
            let version = select.string(0)
            order.append(version)
            byVersion[version] = ImageSummary(imageVersion: version, firstSeen: Timestamp(nanosecondsSinceEpoch: select.int64(1)),
                                              lastSeen: Timestamp(nanosecondsSinceEpoch: select.int64(2)), instances: 0, byState: [:], lines: 0)
        }
        for instance in try instances(InstanceFilter(now: now, lostAfter: lostAfter)) {
            guard var image = byVersion[instance.identity.imageVersion] else { continue }
            image.instances += 1
            image.byState[instance.state, default: 0] += 1
            image.lines += instance.delivery.lines
            image.firstSeen = min(image.firstSeen, instance.firstSeen)
            image.lastSeen = max(image.lastSeen, instance.lastSeen)
            byVersion[instance.identity.imageVersion] = image
        }
        return order.compactMap { byVersion[$0] }.sorted { ($0.firstSeen, $0.imageVersion) < ($1.firstSeen, $1.imageVersion) }
    }

    func events(instanceID: String) throws(StoreError) -> [StoredEvent] {
        let select = try db.cached("""
            SELECT events.time, events.name, events.boot_id, events.detail, events.fields, events.received_at,
                   events.source, events.event_id
            FROM events JOIN instances ON instances.key = events.instance_key
            WHERE instances.instance_id = ? ORDER BY events.time, events.rowid
            """)
        select.bind(1, instanceID)
        defer { select.reset() }
        var result: [StoredEvent] = []
        while try select.step() {
            let event = LifecycleEvent(time: Timestamp(nanosecondsSinceEpoch: select.int64(0)),
                                       name: LifecycleEvent.Name(rawValue: select.string(1)), bootID: select.string(2),
                                       detail: select.string(3), fields: SQLiteWriter.fields(fromJSON: select.string(4)))
            result.append(StoredEvent(instanceID: instanceID, event: event, receivedAt: Timestamp(nanosecondsSinceEpoch: select.int64(5)),
                                      source: LifecycleSource(rawValue: select.string(6)) ?? .agent, eventID: select.optionalString(7)))
        }
        return result
    }
}
