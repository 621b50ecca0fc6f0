import NIOCore

// A batch's side payload: lifecycle events and metric samples, zlib-compressed together (docs/PROTOCOL.md §7.3).

extension ByteBuffer {
    mutating func writeSidePayload(events: [LifecycleEvent], metrics: [MetricSample]) {
        writeWire(UInt32(truncatingIfNeeded: events.count))
        for event in events {
            writeWire(event.time.nanosecondsSinceEpoch)
            writeWireString(event.name.rawValue)
            writeWireString(event.bootID)
            writeWireString(event.detail)
            writeFields(event.fields)
        }
        writeWire(UInt32(truncatingIfNeeded: metrics.count))
        for metric in metrics {
            writeWire(metric.time.nanosecondsSinceEpoch)
            writeWireString(metric.name)
            writeWire(metric.value.bitPattern)
            writeWireString(metric.unit)
            writeFields(metric.labels)
        }
    }

    private mutating func writeFields(_ fields: [LogField]) {
        writeWire(UInt32(truncatingIfNeeded: fields.count))
        for field in fields {
            writeWireString(field.name)
            writeWireString(field.value)
        }
    }
}

extension WireReader {
    /// Smallest encoded event: time, three empty strings, an empty field list.
    static let minEventBytes = 8 + 4 + 4 + 4 + 4
    /// Smallest encoded metric sample: time, empty name, value, empty unit, empty label list.
    static let minMetricBytes = 8 + 4 + 8 + 4 + 4
    /// Smallest encoded field: two empty strings.
    static let minFieldBytes = 4 + 4

    /// Reads the side lengths and bytes, inflates (bounded) and decodes the events and metrics.
    mutating func readSide(limits: WireLimits) throws(WireProtocolError) -> ([LifecycleEvent], [MetricSample]) {
        let lengthOffset = offset
        let uncompressed = Int(try integer("batch.side.uncompressedBytes", as: UInt32.self))
        guard uncompressed <= limits.maxUncompressedBatchBytes else {
            throw WireProtocolError(.frameTooLarge,
                                    "batch.side.uncompressedBytes \(uncompressed) exceeds maxUncompressedBatchBytes \(limits.maxUncompressedBatchBytes)",
                                    byteOffset: lengthOffset)
        }
        let compressedOffset = offset
        let compressed = try lengthPrefixedBytes("batch.side.compressed", max: limits.maxFrameBytes)
        if uncompressed == 0 || compressed.isEmpty {
            guard uncompressed == 0 && compressed.isEmpty else {
                throw WireProtocolError(.malformed, "batch.side.uncompressedBytes is \(uncompressed) but batch.side.compressed has \(compressed.count) bytes (both must be 0 or neither)",
                                        byteOffset: lengthOffset)
            }
            return ([], [])
        }
        let inflated: [UInt8]
        do {
            inflated = try Zlib.inflate(compressed, expectedSize: uncompressed, limit: uncompressed)
        } catch {
            throw WireProtocolError(.decompression, "batch.side.compressed: \(error) (declared uncompressedBytes \(uncompressed))",
                                    byteOffset: compressedOffset)
        }
        guard inflated.count == uncompressed else {
            throw WireProtocolError(.decompression, "batch.side.compressed inflates to \(inflated.count) bytes, but uncompressedBytes is \(uncompressed)",
                                    byteOffset: compressedOffset)
        }
        // Offsets inside the inflated payload are reported from the start of the compressed bytes' frame position.
        var side = WireReader(ByteBuffer(bytes: inflated), baseOffset: compressedOffset)
        let events = try side.readEvents()
        let metrics = try side.readMetrics()
        try side.expectEnd("batch.side")
        return (events, metrics)
    }

    private mutating func readEvents() throws(WireProtocolError) -> [LifecycleEvent] {
        let n = try count("batch.events", max: WireProtocol.maxSideRecords, minElementBytes: Self.minEventBytes)
        var events: [LifecycleEvent] = []
        events.reserveCapacity(n)
        for i in 0..<n {
            let time = try timestamp("batch.events[\(i)].time")
            let name = try string("batch.events[\(i)].name", max: WireProtocol.maxNameBytes)
            let bootID = try string("batch.events[\(i)].bootID", max: WireProtocol.maxIdentifierBytes)
            let detail = try string("batch.events[\(i)].detail", max: WireProtocol.maxValueBytes)
            let fields = try readFields("batch.events[\(i)].fields")
            events.append(LifecycleEvent(time: time, name: .init(rawValue: name), bootID: bootID, detail: detail, fields: fields))
        }
        return events
    }

    private mutating func readMetrics() throws(WireProtocolError) -> [MetricSample] {
        let n = try count("batch.metrics", max: WireProtocol.maxSideRecords, minElementBytes: Self.minMetricBytes)
        var metrics: [MetricSample] = []
        metrics.reserveCapacity(n)
        for i in 0..<n {
            let time = try timestamp("batch.metrics[\(i)].time")
            let name = try string("batch.metrics[\(i)].name", max: WireProtocol.maxNameBytes)
            let value = try double("batch.metrics[\(i)].value")
            let unit = try string("batch.metrics[\(i)].unit", max: WireProtocol.maxUnitBytes)
            let labels = try readFields("batch.metrics[\(i)].labels")
            metrics.append(MetricSample(time: time, name: name, value: value, unit: unit, labels: labels))
        }
        return metrics
    }

    private mutating func readFields(_ path: @autoclosure () -> String) throws(WireProtocolError) -> [LogField] {
        let n = try count(path(), max: WireProtocol.maxFieldsPerRecord, minElementBytes: Self.minFieldBytes)
        var fields: [LogField] = []
        fields.reserveCapacity(n)
        for i in 0..<n {
            let name = try string("\(path())[\(i)].name", max: WireProtocol.maxNameBytes)
            let value = try string("\(path())[\(i)].value", max: WireProtocol.maxValueBytes)
            fields.append(LogField(name, value))
        }
        return fields
    }
}
