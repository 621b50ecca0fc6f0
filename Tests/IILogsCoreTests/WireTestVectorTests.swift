import Foundation
import IILogsCore
import NIOCore
import Testing

/// docs/protocol-test-vectors.json: encode(message) == frame and decode(frame) == message for every vector.
@Suite struct WireTestVectorTests {
    struct File: Decodable {
        var version: Int
        var vectors: [Vector]
        var invalid: [Invalid]
    }

    struct Vector: Decodable, CustomTestStringConvertible {
        var name: String
        var kind: String
        var message: Message
        var frameHex: String
        var sideCompressionLevel: Int32?
        var testDescription: String { name }
    }

    struct Invalid: Decodable, CustomTestStringConvertible {
        var name: String
        var frameHex: String
        var errorCode: String
        var testDescription: String { name }
    }

    /// The union of every message kind's fields; 64-bit integers are decimal strings.
    struct Message: Decodable {
        var protocolVersion: UInt16?
        var agentVersion, token, collectorVersion, message, instanceID: String?
        var identity: Identity?
        var streamID, lastAckedSequence, lastStoredSequence, sequence, droppedRecords, time: String?
        var maxFrameBytes: UInt32?
        var code: UInt16?
        var logs: Block?
        var events: [Event]?
        var metrics: [Metric]?
    }

    struct Identity: Decodable {
        var instanceID, imageVersion, bootID: String
        var labels: [String: String]
    }

    struct Block: Decodable {
        var formatVersion: UInt8
        var lineCount: UInt32
        var minTime, maxTime: String
        var severityCounts: [UInt32]
        var tokenFilterHex: String
        var uncompressedBytes, checksum: UInt32
        var compressedHex: String
    }

    struct Field: Decodable { var name, value: String }
    struct Event: Decodable { var time, name, bootID, detail: String; var fields: [Field] }
    struct Metric: Decodable { var time, name, unit: String; var value: Double; var labels: [Field] }

    struct VectorError: Error, CustomStringConvertible { var description: String }

    static let file: File = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/protocol-test-vectors.json").standardizedFileURL
        do {
            return try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        } catch {
            return File(version: -1, vectors: [], invalid: [])  // `fileLoads` reports the failure
        }
    }()

    static func bytes(hex: String) throws -> [UInt8] {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { throw VectorError(description: "odd hex length") }
        return try stride(from: 0, to: digits.count, by: 2).map { i in
            guard let byte = UInt8(String(decoding: digits[i...(i + 1)], as: UTF8.self), radix: 16) else {
                throw VectorError(description: "bad hex at \(i)")
            }
            return byte
        }
    }

    static func int<T: FixedWidthInteger>(_ text: String?, _ field: String) throws -> T {
        guard let text, let value = T(text) else { throw VectorError(description: "\(field) missing or not an integer") }
        return value
    }

    static func required<T>(_ value: T?, _ field: String) throws -> T {
        guard let value else { throw VectorError(description: "\(field) missing") }
        return value
    }

    static func wireMessage(kind: String, _ m: Message) throws -> WireMessage {
        switch kind {
        case "hello":
            let id = try required(m.identity, "identity")
            return .hello(Hello(protocolVersion: try required(m.protocolVersion, "protocolVersion"), agentVersion: try required(m.agentVersion, "agentVersion"),
                                token: try required(m.token, "token"),
                                identity: InstanceIdentity(instanceID: id.instanceID, imageVersion: id.imageVersion, bootID: id.bootID, labels: id.labels),
                                streamID: try int(m.streamID, "streamID"), lastAckedSequence: try int(m.lastAckedSequence, "lastAckedSequence")))
        case "welcome":
            return .welcome(Welcome(protocolVersion: try required(m.protocolVersion, "protocolVersion"), collectorVersion: try required(m.collectorVersion, "collectorVersion"),
                                    lastStoredSequence: try int(m.lastStoredSequence, "lastStoredSequence"), maxFrameBytes: try required(m.maxFrameBytes, "maxFrameBytes")))
        case "refuse":
            return .refuse(Refusal(code: RefusalCode(rawValue: try required(m.code, "code")), message: try required(m.message, "message")))
        case "ack":
            return .ack(Ack(sequence: try int(m.sequence, "sequence")))
        case "ping":
            return .ping(Ping(time: Timestamp(nanosecondsSinceEpoch: try int(m.time, "time"))))
        case "batch":
            let logs = try m.logs.map { b in
                EncodedLogBlock(formatVersion: b.formatVersion,
                                summary: BlockSummary(lineCount: b.lineCount, minTime: Timestamp(nanosecondsSinceEpoch: try int(b.minTime, "minTime")),
                                                      maxTime: Timestamp(nanosecondsSinceEpoch: try int(b.maxTime, "maxTime")), severityCounts: b.severityCounts,
                                                      tokenFilter: try required(TokenFilter(bytes: try bytes(hex: b.tokenFilterHex)), "tokenFilter")),
                                uncompressedBytes: b.uncompressedBytes, checksum: b.checksum, compressed: try bytes(hex: b.compressedHex))
            }
            let events = try (m.events ?? []).map { e in
                LifecycleEvent(time: Timestamp(nanosecondsSinceEpoch: try int(e.time, "event.time")), name: .init(rawValue: e.name), bootID: e.bootID,
                               detail: e.detail, fields: e.fields.map { LogField($0.name, $0.value) })
            }
            let metrics = try (m.metrics ?? []).map { x in
                MetricSample(time: Timestamp(nanosecondsSinceEpoch: try int(x.time, "metric.time")), name: x.name, value: x.value, unit: x.unit,
                             labels: x.labels.map { LogField($0.name, $0.value) })
            }
            return .batch(Batch(instanceID: try required(m.instanceID, "instanceID"), sequence: try int(m.sequence, "sequence"),
                                droppedRecords: try int(m.droppedRecords, "droppedRecords"), logs: logs, events: events, metrics: metrics))
        default:
            throw VectorError(description: "unknown kind \(kind)")
        }
    }

    @Test func fileLoads() throws {
        #expect(Self.file.version == Int(WireProtocol.version))
        #expect(Set(Self.file.vectors.map(\.kind)) == ["hello", "welcome", "refuse", "batch", "ack", "ping"])
        #expect(!Self.file.invalid.isEmpty)
    }

    @Test(arguments: file.vectors)
    func vector(_ vector: Vector) throws {
        let message = try Self.wireMessage(kind: vector.kind, vector.message)
        let frame = try Self.bytes(hex: vector.frameHex)
        let level = vector.sideCompressionLevel ?? WireProtocol.sideCompressionLevel
        #expect(WireCodec.encodedFrame(message, sideCompressionLevel: level) == frame)
        var buffer = ByteBuffer(bytes: frame)
        #expect(try WireCodec.decodeFrame(&buffer) == message)
        #expect(buffer.readableBytes == 0)
    }

    @Test(arguments: file.invalid)
    func invalid(_ vector: Invalid) throws {
        var buffer = ByteBuffer(bytes: try Self.bytes(hex: vector.frameHex))
        do {
            let message = try WireCodec.decodeFrame(&buffer)
            Issue.record("decoded \(String(describing: message)), expected \(vector.errorCode)")
        } catch {
            #expect(error.code.description == vector.errorCode, "\(error)")
        }
    }
}
