import IILogsCore
import IILogsStore
import PostgresNIO

/// Registry reads (instances, images, events, sequence gaps) over one connection.
struct PostgresRegistryReader {
    let connection: PostgresConnection
    let logger: Logger

    func instances(_ filter: InstanceFilter) async throws -> [InstanceSummary] {
        let rows = try await connection.rows("""
            SELECT instances.instance_id, images.version, instances.boot_id, instances.labels,
                   instances.first_seen, instances.last_seen, instances.last_log_time, instances.last_event,
                   instances.last_boot_at, instances.terminating_at, instances.terminated_at,
                   instances.lines, instances.batches, instances.duplicate_batches, instances.agent_dropped,
                   coalesce(s.gaps, 0)::bigint, coalesce(s.last_sequence, 0)::bigint,
                   instances.closed_at, instances.quarantined_at, instances.released_at
            FROM instances JOIN images ON images.key = instances.image_key
            LEFT JOIN (SELECT instance_key, sum(greatest(max_sequence - batches, 0)) AS gaps, max(max_sequence) AS last_sequence
                       FROM streams GROUP BY instance_key) AS s ON s.instance_key = instances.key
            WHERE (\(filter.image)::text IS NULL OR images.version = \(filter.image))
              AND (\(filter.instanceID)::text IS NULL OR instances.instance_id = \(filter.instanceID))
            ORDER BY instances.first_seen, instances.key
            """, logger)
        var result: [InstanceSummary] = []
        for row in rows {
            let facts = InstanceStateRules.Facts(lastSeen: try row.int64(5), lastBootAt: try row.optionalInt64(8),
                                                 terminatingAt: try row.optionalInt64(9), terminatedAt: try row.optionalInt64(10),
                                                 closedAt: try row.optionalInt64(17), quarantinedAt: try row.optionalInt64(18),
                                                 releasedAt: try row.optionalInt64(19))
            let state = InstanceStateRules.state(facts, now: filter.now, lostAfter: filter.lostAfter)
            if let wanted = filter.state, wanted != state { continue }
            var delivery = DeliveryStats()
            delivery.lines = try row.int(11)
            delivery.batches = try row.int(12)
            delivery.duplicateBatches = try row.int(13)
            delivery.agentDroppedRecords = try row.int(14)
            delivery.sequenceGaps = try row.int(15)
            delivery.lastSequence = UInt64(bitPattern: try row.int64(16))
            result.append(InstanceSummary(
                identity: InstanceIdentity(instanceID: try row.string(0), imageVersion: try row.string(1), bootID: try row.string(2),
                                           labels: StoreJSON.labels(fromJSON: try row.string(3))),
                state: state, firstSeen: Timestamp(nanosecondsSinceEpoch: try row.int64(4)),
                lastSeen: Timestamp(nanosecondsSinceEpoch: try row.int64(5)),
                lastLogTime: try row.optionalInt64(6).map(Timestamp.init(nanosecondsSinceEpoch:)),
                lastEvent: try row.optionalString(7), delivery: delivery))
        }
        return result
    }

    /// Aggregates ``instances(_:)`` per image version, ordered by first seen, then version.
    func images(at now: Timestamp, lostAfter: Duration) async throws -> [ImageSummary] {
        var byVersion: [String: ImageSummary] = [:]
        var order: [String] = []
        for row in try await connection.rows("SELECT version, first_seen, last_seen FROM images ORDER BY first_seen, key", logger) {
            let version = try row.string(0)
            order.append(version)
            byVersion[version] = ImageSummary(imageVersion: version, firstSeen: Timestamp(nanosecondsSinceEpoch: try row.int64(1)),
                                              lastSeen: Timestamp(nanosecondsSinceEpoch: try row.int64(2)), instances: 0, byState: [:], lines: 0)
        }
        for instance in try await instances(InstanceFilter(now: now, lostAfter: lostAfter)) {
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

    /// Last seen and `received_by` of each known instance of `instanceIDs`.
    func receptions(instanceIDs: [String]) async throws -> [String: InstanceReception] {
        var result: [String: InstanceReception] = [:]
        let ids = Array(Set(instanceIDs))
        for row in try await connection.rows("SELECT instance_id, last_seen, received_by FROM instances WHERE instance_id = ANY(\(ids))", logger) {
            result[try row.string(0)] = InstanceReception(lastSeen: Timestamp(nanosecondsSinceEpoch: try row.int64(1)), receivedBy: try row.string(2))
        }
        return result
    }

    func events(instanceID: String) async throws -> [StoredEvent] {
        try await connection.rows("""
            SELECT events.time, events.name, events.boot_id, events.detail, events.fields, events.received_at,
                   events.source, events.event_id
            FROM events JOIN instances ON instances.key = events.instance_key
            WHERE instances.instance_id = \(instanceID) ORDER BY events.time, events.id
            """, logger).map { row in
            let event = LifecycleEvent(time: Timestamp(nanosecondsSinceEpoch: try row.int64(0)),
                                       name: LifecycleEvent.Name(rawValue: try row.string(1)), bootID: try row.string(2),
                                       detail: try row.string(3), fields: StoreJSON.fields(fromJSON: try row.string(4)))
            return StoredEvent(instanceID: instanceID, event: event, receivedAt: Timestamp(nanosecondsSinceEpoch: try row.int64(5)),
                               source: LifecycleSource(rawValue: try row.string(6)) ?? .agent, eventID: try row.optionalString(7))
        }
    }

    /// Runs of missing sequence numbers per stream (from 1 up to the highest stored), oldest stream first.
    func sequenceGaps(instanceID: String, limit: Int) async throws -> [SequenceGap] {
        try await connection.rows("""
            SELECT stream_id, previous + 1, sequence - 1 FROM (
                SELECT batch_keys.stream_id, batch_keys.sequence,
                       lag(batch_keys.sequence, 1, 0::bigint) OVER (PARTITION BY batch_keys.stream_id ORDER BY batch_keys.sequence) AS previous
                FROM batch_keys JOIN instances ON instances.key = batch_keys.instance_key
                WHERE instances.instance_id = \(instanceID)) AS keyed
            WHERE sequence > previous + 1
            ORDER BY stream_id, sequence LIMIT \(Int64(max(0, limit)))
            """, logger).map { row in
            SequenceGap(streamID: UInt64(bitPattern: try row.int64(0)), firstMissing: UInt64(bitPattern: try row.int64(1)),
                        lastMissing: UInt64(bitPattern: try row.int64(2)))
        }
    }
}
