import IILogsCore
import NIOCore

/// Messages of every kind, for the wire tests.
enum WireFixtures {
    static let identity = InstanceIdentity(instanceID: "i-0abc123", imageVersion: "v42", bootID: "3f1c0e6a-boot",
                                           labels: ["zone": "eu-west-1a", "service": "api", "region": "eu-west-1"])

    static let hello = Hello(agentVersion: "0.1.0", token: "fleet-token", identity: identity,
                             streamID: 0xDEAD_BEEF_0000_0001, lastAckedSequence: 41)

    static let welcome = Welcome(collectorVersion: "0.1.0", lastStoredSequence: 41, maxFrameBytes: 8 << 20)

    static let refusal = Refusal(code: .badToken, message: "token does not match the fleet token")

    /// A hand-made log block: zlib of some bytes with a matching checksum (not a real columnar body).
    static func logBlock(body: [UInt8] = Array("pretend columnar body of three lines".utf8)) -> EncodedLogBlock {
        let compressed = Zlib.deflate(body, level: 6)
        return EncodedLogBlock(
            formatVersion: 1,
            summary: BlockSummary(lineCount: 3, minTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_000_000_000),
                                  maxTime: Timestamp(nanosecondsSinceEpoch: 1_700_000_001_000_000_000),
                                  severityCounts: [0, 0, 0, 1, 0, 0, 2, 0], tokenFilter: TokenFilter(tokenHashes: [1, 2, 3])),
            uncompressedBytes: UInt32(body.count), checksum: CRC32.checksum(compressed), compressed: compressed)
    }

    static let events = [
        LifecycleEvent(time: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_500_000_000), name: .boot, bootID: "3f1c0e6a-boot",
                       detail: "uptime 3s", fields: [LogField("uptime_s", "3")]),
        LifecycleEvent(time: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_600_000_000), name: "custom-ünïcode"),
    ]

    static let metrics = [
        MetricSample(time: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_700_000_000), name: "cpu.busy", value: 0.25, unit: "ratio"),
        MetricSample(time: Timestamp(nanosecondsSinceEpoch: 1_700_000_000_700_000_000), name: "disk.free_bytes", value: -1.5e12,
                     unit: "bytes", labels: [LogField("device", "nvme0n1")]),
    ]

    static let fullBatch = Batch(instanceID: "i-0abc123", sequence: 42, droppedRecords: 7, logs: logBlock(), events: events, metrics: metrics)

    /// One message of every kind, and batch variants (logs only, side only, empty).
    static let allMessages: [WireMessage] = [
        .hello(hello),
        .hello(Hello(agentVersion: "", token: "", identity: InstanceIdentity(instanceID: "i", imageVersion: "v"), streamID: 0, lastAckedSequence: 0)),
        .welcome(welcome),
        .refuse(refusal),
        .refuse(Refusal(code: RefusalCode(rawValue: 999), message: "")),
        .batch(fullBatch),
        .batch(Batch(instanceID: "i-0abc123", sequence: 1, logs: logBlock())),
        .batch(Batch(instanceID: "i-0abc123", sequence: 2, logs: nil, events: events)),
        .batch(Batch(instanceID: "i-0abc123", sequence: 3, logs: nil, metrics: metrics)),
        .batch(Batch(instanceID: "i-0abc123", sequence: 4, logs: nil)),
        .ack(Ack(sequence: 42)),
        .ping(Ping(time: Timestamp(nanosecondsSinceEpoch: -5))),
        .ping(Ping(time: Timestamp(nanosecondsSinceEpoch: .max))),
    ]

    /// All of ``allMessages`` as one stream of frames.
    static func stream(_ messages: [WireMessage] = allMessages) -> [UInt8] {
        messages.flatMap { WireCodec.encodedFrame($0) }
    }
}
