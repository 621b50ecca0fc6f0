import IILogsCore
import IILogsStore
import Synchronization

/// A `LogStore` double: keeps everything in memory, deduplicates like the real store, and can be told to fail.
final class InMemoryLogStore: LogStore {
    struct Instance {
        var identity: InstanceIdentity
        var firstSeen: Timestamp
        var lastSeen: Timestamp
        var receivedBy = ""
        var lines: [LogRecord] = []
        var events: [StoredEvent] = []
        var metrics: [MetricSample] = []
        var delivery = DeliveryStats()
    }

    private struct Contents {
        var instances: [String: Instance] = [:]
        var storedPositions: Set<String> = []
        var appendOrder: [UInt64] = []
        var flags: [StoredFlag] = []
        /// Every stored line in commit order with its "chunk" (one per append or seed), for `tailLogs`.
        var committed: [(chunk: Int64, line: StoredLogLine)] = []
        var failing: StoreError?
        var closed = false
    }

    private let contents = Mutex(Contents())

    /// Makes every following call throw `error` (nil heals the store).
    func failAll(with error: StoreError?) {
        contents.withLock { $0.failing = error }
    }

    /// Sequences passed to `append` in call order (duplicates included).
    var appendOrder: [UInt64] { contents.withLock { $0.appendOrder } }

    var isClosed: Bool { contents.withLock { $0.closed } }

    func lines(of instanceID: String) -> [LogRecord] { contents.withLock { $0.instances[instanceID]?.lines ?? [] } }

    /// Seeds an instance directly (for HTTP tests).
    func seed(_ identity: InstanceIdentity, at time: Timestamp, lines: [LogRecord], events: [LifecycleEvent] = []) {
        contents.withLock { c in
            var i = c.instances[identity.instanceID] ?? Instance(identity: identity, firstSeen: time, lastSeen: time)
            i.lines += lines
            i.events += events.map { StoredEvent(instanceID: identity.instanceID, event: $0, receivedAt: time) }
            i.delivery.lines += lines.count
            c.instances[identity.instanceID] = i
            Self.commit(lines, of: identity, to: &c)
        }
    }

    private static func commit(_ records: [LogRecord], of identity: InstanceIdentity, to c: inout Contents) {
        guard !records.isEmpty else { return }
        let chunk = (c.committed.last?.chunk ?? 0) + 1
        c.committed += records.map { (chunk, StoredLogLine(instanceID: identity.instanceID, imageVersion: identity.imageVersion, record: $0)) }
    }

    private func check(_ c: Contents) throws(StoreError) {
        if c.closed { throw StoreError(.closed, "store is closed") }
        if let failing = c.failing { throw failing }
    }

    func openStream(identity: InstanceIdentity, streamID: UInt64, at time: Timestamp) async throws(StoreError) -> UInt64 {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> UInt64 in
            try check(c)
            var i = c.instances[identity.instanceID] ?? Instance(identity: identity, firstSeen: time, lastSeen: time)
            i.identity = identity
            i.lastSeen = time
            c.instances[identity.instanceID] = i
            return i.delivery.lastSequence
        }
    }

    func append(_ batch: IngestBatch) async throws(StoreError) -> AppendOutcome {
        var records: [LogRecord] = []
        if let logs = batch.logs {
            do {
                records = try LogBlockCodec.decode(logs)
            } catch {
                throw StoreError(.corruptChunk, error.description)
            }
        }
        return try contents.withLock { (c: inout Contents) throws(StoreError) -> AppendOutcome in
            try check(c)
            let id = batch.identity.instanceID
            if let s = batch.stream {
                c.appendOrder.append(s.sequence)
                let key = "\(id)/\(s.streamID)/\(s.sequence)"
                if c.storedPositions.contains(key) {
                    // As the real stores: a retried batch is still a sign of life, and says who heard it.
                    if var i = c.instances[id] {
                        i.delivery.duplicateBatches += 1
                        if batch.receivedAt >= i.lastSeen { i.receivedBy = batch.receivedBy }
                        i.lastSeen = max(i.lastSeen, batch.receivedAt)
                        c.instances[id] = i
                    }
                    return .duplicate
                }
                c.storedPositions.insert(key)
            }
            var i = c.instances[id] ?? Instance(identity: batch.identity, firstSeen: batch.receivedAt, lastSeen: batch.receivedAt)
            i.lines += records
            i.events += batch.events.map { StoredEvent(instanceID: id, event: $0, receivedAt: batch.receivedAt) }
            i.metrics += batch.metrics
            if batch.receivedAt >= i.lastSeen { i.receivedBy = batch.receivedBy }
            i.lastSeen = max(i.lastSeen, batch.receivedAt)
            i.delivery.batches += 1
            i.delivery.lines += records.count
            i.delivery.lastSequence = max(i.delivery.lastSequence, batch.stream?.sequence ?? 0)
            c.instances[id] = i
            Self.commit(records, of: i.identity, to: &c)
            return .stored
        }
    }

    func queryLogs(_ query: LogQuery) async throws(StoreError) -> LogQueryResult {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> LogQueryResult in
            try check(c)
            var out: [StoredLogLine] = []
            for i in c.instances.values {
                guard Self.inScope(i.identity, query.scope) else { continue }
                for r in i.lines where Self.matches(r, query) {
                    out.append(StoredLogLine(instanceID: i.identity.instanceID, imageVersion: i.identity.imageVersion, record: r))
                }
            }
            out.sort { $0.record.time < $1.record.time }
            if query.limit > 0 && out.count > query.limit {
                out = query.keep == .newest ? Array(out.suffix(query.limit)) : Array(out.prefix(query.limit))
            }
            var stats = QueryStats()
            stats.linesScanned = out.count
            return LogQueryResult(lines: out, stats: stats)
        }
    }

    /// Commit-order pages over `committed`; one append or seed is one chunk (whole chunks per page, like SQLite).
    func tailLogs(_ query: LogQuery, after cursor: LogTailCursor?, maxLines: Int, maxChunks: Int) async throws(StoreError) -> LogTailPage {
        let newest = contents.withLock { LogTailCursor(chunkID: $0.committed.last?.chunk ?? 0) }
        guard let cursor else {
            // Not one snapshot with the backlog here; tests that need the seam use the SQLite store.
            return LogTailPage(lines: try await queryLogs(query).lines, cursor: newest, hasMore: false)
        }
        return try contents.withLock { (c: inout Contents) throws(StoreError) -> LogTailPage in
            try check(c)
            var lines: [StoredLogLine] = []
            var last = cursor
            var chunks = 0
            for entry in c.committed where entry.chunk > cursor.chunkID {
                if entry.chunk != last.chunkID {
                    if lines.count >= maxLines || chunks >= maxChunks { return LogTailPage(lines: lines, cursor: last, hasMore: true) }
                    chunks += 1
                    last = LogTailCursor(chunkID: entry.chunk)
                }
                let identity = InstanceIdentity(instanceID: entry.line.instanceID, imageVersion: entry.line.imageVersion, bootID: "")
                if Self.inScope(identity, query.scope) && Self.matches(entry.line.record, query) { lines.append(entry.line) }
            }
            return LogTailPage(lines: lines, cursor: last, hasMore: false)
        }
    }

    private static func inScope(_ identity: InstanceIdentity, _ scope: LogQuery.Scope) -> Bool {
        switch scope {
        case .instance(let id): id == identity.instanceID
        case .image(let v): v == identity.imageVersion
        case .all: true
        }
    }

    private static func matches(_ r: LogRecord, _ query: LogQuery) -> Bool {
        if let s = query.since, r.time < s { return false }
        if let u = query.until, r.time >= u { return false }
        if let m = query.minSeverity, !r.severity.isAtLeast(m) { return false }
        if let a = query.app, a != r.app { return false }
        if let g = query.grep, !r.message.lowercased().contains(g.lowercased()) { return false }
        if let t = query.contains, !r.message.contains(t) { return false }
        return true
    }

    func instances(_ filter: InstanceFilter) async throws(StoreError) -> [InstanceSummary] {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> [InstanceSummary] in
            try check(c)
            return c.instances.values.map { Self.summary($0, filter: filter) }
                .filter { s in
                    (filter.image == nil || s.identity.imageVersion == filter.image)
                        && (filter.state == nil || s.state == filter.state)
                        && (filter.instanceID == nil || s.identity.instanceID == filter.instanceID)
                }
                .sorted { $0.identity.instanceID < $1.identity.instanceID }
        }
    }

    func images(at now: Timestamp, lostAfter: Duration) async throws(StoreError) -> [ImageSummary] {
        let all = try await instances(InstanceFilter(now: now, lostAfter: lostAfter))
        var images: [String: ImageSummary] = [:]
        for s in all {
            var i = images[s.identity.imageVersion]
                ?? ImageSummary(imageVersion: s.identity.imageVersion, firstSeen: s.firstSeen, lastSeen: s.lastSeen, instances: 0, byState: [:], lines: 0)
            i.instances += 1
            i.byState[s.state, default: 0] += 1
            i.lines += s.delivery.lines
            i.firstSeen = min(i.firstSeen, s.firstSeen)
            i.lastSeen = max(i.lastSeen, s.lastSeen)
            images[s.identity.imageVersion] = i
        }
        return images.values.sorted { $0.imageVersion < $1.imageVersion }
    }

    /// Per line rather than per chunk: the double has no chunks (a one-line chunk is attributed the same way).
    func imageActivity(_ query: ActivityQuery) async throws(StoreError) -> [ImageActivity] {
        try query.validate()
        return try contents.withLock { (c: inout Contents) throws(StoreError) -> [ImageActivity] in
            try check(c)
            var byImage: [String: ImageActivity] = [:]
            for i in c.instances.values {
                let version = i.identity.imageVersion
                var activity = byImage[version] ?? ImageActivity(imageVersion: version, steps: query.steps)
                for r in i.lines {
                    guard let index = query.stepIndex(of: r.time) else { continue }
                    activity.lines[index] += 1
                    if r.severity.isAtLeast(.error) { activity.errorLines[index] += 1 }
                }
                byImage[version] = activity
            }
            return byImage.values.sorted { $0.imageVersion < $1.imageVersion }
        }
    }

    func receptions(instanceIDs: [String]) async throws(StoreError) -> [String: InstanceReception] {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> [String: InstanceReception] in
            try check(c)
            var result: [String: InstanceReception] = [:]
            for id in instanceIDs {
                if let i = c.instances[id] { result[id] = InstanceReception(lastSeen: i.lastSeen, receivedBy: i.receivedBy) }
            }
            return result
        }
    }

    func events(instanceID: String) async throws(StoreError) -> [StoredEvent] {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> [StoredEvent] in
            try check(c)
            return c.instances[instanceID]?.events ?? []
        }
    }

    func metricSeries(_ query: MetricQuery) async throws(StoreError) -> MetricQueryResult {
        try query.validate()
        return try contents.withLock { (c: inout Contents) throws(StoreError) -> MetricQueryResult in
            try check(c)
            var series: [MetricSeriesResult] = []
            for i in c.instances.values {
                switch query.scope {
                case .instance(let id) where id != i.identity.instanceID: continue
                case .image(let v) where v != i.identity.imageVersion: continue
                default: break
                }
                var grouped: [String: MetricSeriesResult] = [:]
                for m in i.metrics where query.name.matches(m.name) {
                    if let s = query.since, m.time < s { continue }
                    if let u = query.until, m.time >= u { continue }
                    var labels: [String: String] = [:]
                    for l in m.labels { labels[l.name] = l.value }
                    guard query.labels.allSatisfy({ labels[$0.key] == $0.value }) else { continue }
                    let key = m.name + "\u{0}" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                    grouped[key, default: MetricSeriesResult(instanceID: i.identity.instanceID, imageVersion: i.identity.imageVersion,
                                                             name: m.name, unit: m.unit, labels: labels, points: [])]
                        .points.append(MetricPoint(time: m.time, value: m.value))
                }
                for var s in grouped.values {
                    s.points = s.points.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
                    if let step = query.step { s.points = MetricStepAggregator.aggregate(s.points, step: step, using: query.aggregate) }
                    series.append(s)
                }
            }
            guard series.count <= query.maxSeries || !query.includeInstanceSeries else { throw StoreError(.invalidQuery, "\(series.count) series match") }
            series.sort(by: MetricQueryOrdering.seriesBefore)
            var stats = MetricQueryStats()
            stats.seriesMatched = series.count
            return MetricQueryResult(series: query.includeInstanceSeries ? series : [],
                                     percentiles: MetricQueryOrdering.percentiles(of: series, query: query), stats: stats)
        }
    }

    func metricNames(_ scope: MetricQuery.Scope) async throws(StoreError) -> [MetricNameSummary] {
        let all = try await metricSeries(MetricQuery(scope: scope, maxSeries: .max))
        var byName: [String: MetricNameSummary] = [:]
        for s in all.series {
            guard let first = s.points.first?.time, let last = s.points.last?.time else { continue }
            var n = byName[s.name] ?? MetricNameSummary(name: s.name, unit: s.unit, series: 0, samples: 0, firstTime: first, lastTime: last)
            n.series += 1
            n.samples += s.points.count
            n.firstTime = min(n.firstTime, first)
            n.lastTime = max(n.lastTime, last)
            byName[s.name] = n
        }
        return byName.values.sorted { $0.name < $1.name }
    }

    func recordDeployerEvents(_ events: [DeployerEvent], receivedAt: Timestamp) async throws(StoreError) -> [DeployerEventOutcome] {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> [DeployerEventOutcome] in
            try check(c)
            return events.map { event in
                var i = c.instances[event.instanceID]
                    ?? Instance(identity: InstanceIdentity(instanceID: event.instanceID, imageVersion: event.imageVersion),
                                firstSeen: min(event.time, receivedAt), lastSeen: receivedAt)
                i.firstSeen = min(i.firstSeen, event.time)
                defer { c.instances[event.instanceID] = i }
                if i.events.contains(where: { $0.source == .deployer && $0.eventID == event.id }) { return .duplicate }
                i.events.append(StoredEvent(instanceID: event.instanceID, event: event.lifecycleEvent, receivedAt: receivedAt,
                                            source: .deployer, eventID: event.id))
                return .created
            }
        }
    }

    func recordFlag(_ flag: StoredFlag) async throws(StoreError) -> Int64 {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> Int64 in
            try check(c)
            guard var i = c.instances[flag.instanceID] else { throw StoreError(.invalidQuery, "no instance \(flag.instanceID) in the store") }
            var stored = flag
            stored.id = Int64(c.flags.count + 1)
            c.flags.append(stored)
            if flag.isQuarantine {
                i.events.append(StoredEvent(instanceID: flag.instanceID, event: LifecycleEvent(time: flag.time, name: .quarantinedByRule,
                                                                                               detail: "rule \(flag.rule): \(flag.reason)"),
                                            receivedAt: .now(), source: .deployer, eventID: "flag-\(stored.id)"))
                c.instances[flag.instanceID] = i
            }
            return stored.id
        }
    }

    func flags(_ filter: FlagFilter) async throws(StoreError) -> [StoredFlag] {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> [StoredFlag] in
            try check(c)
            let matching = c.flags.filter { flag in
                (filter.instanceID.map { $0 == flag.instanceID } ?? true) && (!filter.openOnly || flag.isOpen)
                    && (filter.action.map { $0 == flag.action } ?? true)
            }.sorted { ($0.time, $0.id) > ($1.time, $1.id) }
            return filter.limit > 0 ? Array(matching.prefix(filter.limit)) : matching
        }
    }

    func setFlagActionResults(id: Int64, json: String) async throws(StoreError) {
        try contents.withLock { (c: inout Contents) throws(StoreError) in
            try check(c)
            if let index = c.flags.firstIndex(where: { $0.id == id }) { c.flags[index].actionResultsJSON = json }
        }
    }

    func releaseFlags(instanceID: String, reason: String, at time: Timestamp) async throws(StoreError) -> [StoredFlag] {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> [StoredFlag] in
            try check(c)
            var released: [StoredFlag] = []
            for index in c.flags.indices where c.flags[index].instanceID == instanceID && c.flags[index].isOpen {
                c.flags[index].releasedAt = time
                c.flags[index].releaseReason = reason
                released.append(c.flags[index])
            }
            guard !released.isEmpty, var i = c.instances[instanceID] else { return released }
            let quarantinedAt = i.events.filter { [.quarantinedByDeployer, .quarantinedByRule].contains($0.event.name) }.map(\.event.time).max()
            if let quarantinedAt {
                i.events.append(StoredEvent(instanceID: instanceID, event: LifecycleEvent(time: max(time, quarantinedAt), name: .quarantineReleased,
                                                                                         detail: reason),
                                            receivedAt: time, source: .deployer))
                c.instances[instanceID] = i
            }
            return released
        }
    }

    func sequenceGaps(instanceID: String, limit: Int) async throws(StoreError) -> [SequenceGap] {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> [SequenceGap] in
            try check(c)
            var sequences: [UInt64: [UInt64]] = [:]
            for key in c.storedPositions {
                let parts = key.split(separator: "/")
                guard parts.count >= 3, parts.dropLast(2).joined(separator: "/") == instanceID,
                      let stream = UInt64(parts[parts.count - 2]), let sequence = UInt64(parts[parts.count - 1]) else { continue }
                sequences[stream, default: []].append(sequence)
            }
            var gaps: [SequenceGap] = []
            for stream in sequences.keys.sorted() {
                var previous: UInt64 = 0
                for sequence in sequences[stream, default: []].sorted() {
                    if sequence > previous + 1 { gaps.append(SequenceGap(streamID: stream, firstMissing: previous + 1, lastMissing: sequence - 1)) }
                    previous = sequence
                }
            }
            return Array(gaps.prefix(limit))
        }
    }

    /// Line by line (this double has no chunks): lines and samples before the cutoff go, unless pinned.
    func applyRetention(_ policy: RetentionPolicy) async throws(StoreError) -> RetentionOutcome {
        try contents.withLock { (c: inout Contents) throws(StoreError) -> RetentionOutcome in
            try check(c)
            var outcome = RetentionOutcome()
            outcome.transactions = 1
            for (id, var i) in c.instances {
                if let pin = RetentionPin.of(events: i.events, lastSeen: i.lastSeen, now: policy.now, lostAfter: policy.lostAfter) {
                    outcome.pinned[id] = pin
                    continue
                }
                let lines = i.lines.count, samples = i.metrics.count
                i.lines.removeAll { $0.time < policy.cutoff }
                i.metrics.removeAll { $0.time < policy.cutoff }
                outcome.logChunksDeleted += lines - i.lines.count
                outcome.linesDeleted += lines - i.lines.count
                outcome.metricChunksDeleted += samples - i.metrics.count
                c.instances[id] = i
            }
            return outcome
        }
    }

    func close() async {
        contents.withLock { $0.closed = true }
    }

    private static func summary(_ i: Instance, filter: InstanceFilter) -> InstanceSummary {
        let last = i.events.max { $0.event.time < $1.event.time }?.event.name
        let state = InstanceState.derive(events: i.events, lastSeen: i.lastSeen, now: filter.now, lostAfter: filter.lostAfter)
        return InstanceSummary(identity: i.identity, state: state, firstSeen: i.firstSeen, lastSeen: i.lastSeen,
                               lastLogTime: i.lines.map(\.time).max(), lastEvent: last?.rawValue, delivery: i.delivery)
    }
}
