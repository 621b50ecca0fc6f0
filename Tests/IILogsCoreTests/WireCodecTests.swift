import IILogsCore
import NIOCore
import Testing

@Suite struct WireCodecTests {
    private func decodeOne(_ bytes: [UInt8], limits: WireLimits = .default) throws(WireProtocolError) -> WireMessage? {
        var buffer = ByteBuffer(bytes: bytes)
        let message = try WireCodec.decodeFrame(&buffer, limits: limits)
        if message != nil { #expect(buffer.readableBytes == 0) }
        return message
    }

    private func expectError(_ bytes: [UInt8], _ code: WireProtocolError.Code, mentioning text: String,
                             limits: WireLimits = .default, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let message = try decodeOne(bytes, limits: limits)
            Issue.record("expected \(code), decoded \(String(describing: message))", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error)", sourceLocation: sourceLocation)
        }
    }

    /// Frame with `payload` under header kind `kind`.
    private func frame(kind: UInt8, _ payload: [UInt8]) -> [UInt8] {
        var buffer = ByteBuffer(bytes: WireProtocol.magic)
        buffer.writeInteger(kind)
        buffer.writeInteger(UInt32(payload.count))
        buffer.writeBytes(payload)
        return Array(buffer.readableBytesView)
    }

    @Test(arguments: WireFixtures.allMessages)
    func roundTrip(_ message: WireMessage) throws {
        let bytes = WireCodec.encodedFrame(message)
        #expect(Array(bytes.prefix(2)) == [0x49, 0x4C])
        #expect(bytes[2] == WireFrameKind(message).rawValue)
        #expect(try decodeOne(bytes) == message)
    }

    @Test func helloLabelsAreSortedByKey() throws {
        let bytes = WireCodec.encodedFrame(.hello(WireFixtures.hello))
        let text = String(decoding: bytes, as: UTF8.self)
        let region = try #require(text.firstRange(of: "region"))
        let service = try #require(text.firstRange(of: "service"))
        let zone = try #require(text.firstRange(of: "zone"))
        #expect(region.lowerBound < service.lowerBound && service.lowerBound < zone.lowerBound)
    }

    @Test func helloOfAnotherVersionDecodesToItsVersion() throws {
        var hello = WireFixtures.hello
        hello.protocolVersion = 2
        let message = try #require(try decodeOne(WireCodec.encodedFrame(.hello(hello))))
        guard case .hello(let decoded) = message else { Issue.record("not a hello: \(message)"); return }
        #expect(decoded.protocolVersion == 2)
        #expect(decoded.identity.instanceID.isEmpty)
        // A foreign payload layout (here: just garbage after the version) is not interpreted.
        let garbage = try #require(try decodeOne(frame(kind: 1, [0x00, 0x07, 0xFF, 0xFF, 0xFF])))
        #expect(garbage == .hello(Hello(protocolVersion: 7, agentVersion: "", token: "",
                                        identity: InstanceIdentity(instanceID: "", imageVersion: ""), streamID: 0, lastAckedSequence: 0)))
    }

    @Test func sidePayloadIsSmallerThanItsContent() {
        let many = Array(repeating: WireFixtures.metrics[0], count: 500)
        let bytes = WireCodec.encodedFrame(.batch(Batch(instanceID: "i", sequence: 1, logs: nil, metrics: many)))
        #expect(bytes.count < 500 * 20)
    }

    @Test func badMagicIsDetectedFromTheFirstByte() {
        expectError([0x48], .badMagic, mentioning: "magic byte 0")
        expectError([0x49, 0x00], .badMagic, mentioning: "magic byte 1")
    }

    @Test func unknownKind() {
        expectError([0x49, 0x4C, 0x09], .unknownFrameKind, mentioning: "frame kind 9")
        expectError([0x49, 0x4C, 0x00], .unknownFrameKind, mentioning: "frame kind 0")
    }

    @Test func oversizeFrameIsRefusedFromTheHeader() {
        // Only the header: the body never arrives, yet the error is immediate.
        expectError([0x49, 0x4C, 0x04, 0x00, 0x80, 0x00, 0x01], .frameTooLarge, mentioning: "frame length 8388609 exceeds maxFrameBytes 8388608")
        let small = WireLimits(maxFrameBytes: 16)
        expectError(WireCodec.encodedFrame(.hello(WireFixtures.hello)), .frameTooLarge, mentioning: "exceeds maxFrameBytes 16", limits: small)
    }

    @Test func truncatedFramesNeedMoreData() throws {
        for message in WireFixtures.allMessages {
            let bytes = WireCodec.encodedFrame(message)
            for cut in 0..<bytes.count {
                #expect(try decodeOne(Array(bytes.prefix(cut))) == nil)
            }
        }
    }

    @Test func trailingBytesInsideAFrameAreMalformed() {
        expectError(frame(kind: 5, [0, 0, 0, 0, 0, 0, 0, 1, 0xFF]), .malformed, mentioning: "ack frame has 1 unexpected trailing bytes")
        expectError(frame(kind: 5, [0, 0, 0, 1]), .malformed, mentioning: "ack.sequence: needs 8 bytes, 4 remain")
    }

    @Test func stringLimitsNameTheField() {
        var hello = WireFixtures.hello
        hello.identity.instanceID = String(repeating: "x", count: 300)
        expectError(WireCodec.encodedFrame(.hello(hello)), .malformed, mentioning: "hello.identity.instanceID length 300 exceeds 256")
        hello = WireFixtures.hello
        hello.token = String(repeating: "t", count: WireProtocol.maxTokenBytes + 1)
        expectError(WireCodec.encodedFrame(.hello(hello)), .malformed, mentioning: "hello.token length 4097 exceeds 4096")
        hello = WireFixtures.hello
        hello.agentVersion = String(repeating: "v", count: 257)
        expectError(WireCodec.encodedFrame(.hello(hello)), .malformed, mentioning: "hello.agentVersion length 257 exceeds 256")
        hello = WireFixtures.hello
        hello.identity.labels = Dictionary(uniqueKeysWithValues: (0..<65).map { ("k\($0)", "v") })
        expectError(WireCodec.encodedFrame(.hello(hello)), .malformed, mentioning: "hello.identity.labels count 65 exceeds 64")
        hello = WireFixtures.hello
        hello.identity.labels = ["k": String(repeating: "v", count: 1025)]
        expectError(WireCodec.encodedFrame(.hello(hello)), .malformed, mentioning: "hello.identity.labels[0].value length 1025 exceeds 1024")
        var welcome = WireFixtures.welcome
        welcome.collectorVersion = String(repeating: "c", count: 257)
        expectError(WireCodec.encodedFrame(.welcome(welcome)), .malformed, mentioning: "welcome.collectorVersion length 257")
        let refusal = Refusal(code: .timeout, message: String(repeating: "m", count: 4097))
        expectError(WireCodec.encodedFrame(.refuse(refusal)), .malformed, mentioning: "refuse.message length 4097 exceeds 4096")
        let batch = Batch(instanceID: String(repeating: "i", count: 257), sequence: 1, logs: nil)
        expectError(WireCodec.encodedFrame(.batch(batch)), .malformed, mentioning: "batch.instanceID length 257 exceeds 256")
    }

    @Test func sideRecordLimitsNameTheField() {
        let longName = MetricSample(time: .zero, name: String(repeating: "n", count: 257), value: 1)
        expectError(WireCodec.encodedFrame(.batch(Batch(instanceID: "i", sequence: 1, logs: nil, metrics: [longName]))),
                    .malformed, mentioning: "batch.metrics[0].name length 257 exceeds 256")
        let longUnit = MetricSample(time: .zero, name: "m", value: 1, unit: String(repeating: "u", count: 65))
        expectError(WireCodec.encodedFrame(.batch(Batch(instanceID: "i", sequence: 1, logs: nil, metrics: [longUnit]))),
                    .malformed, mentioning: "batch.metrics[0].unit length 65 exceeds 64")
        let manyFields = LifecycleEvent(time: .zero, name: "x", fields: (0..<257).map { LogField("f\($0)", "") })
        expectError(WireCodec.encodedFrame(.batch(Batch(instanceID: "i", sequence: 1, logs: nil, events: [WireFixtures.events[0], manyFields]))),
                    .malformed, mentioning: "batch.events[1].fields count 257 exceeds 256")
        let longDetail = LifecycleEvent(time: .zero, name: "x", detail: String(repeating: "d", count: WireProtocol.maxValueBytes + 1))
        expectError(WireCodec.encodedFrame(.batch(Batch(instanceID: "i", sequence: 1, logs: nil, events: [longDetail]))),
                    .malformed, mentioning: "batch.events[0].detail length 65537 exceeds 65536")
    }

    @Test func invalidUTF8IsMalformed() {
        var bytes = WireCodec.encodedFrame(.refuse(Refusal(code: .timeout, message: "abc")))
        bytes[bytes.count - 2] = 0xFF
        expectError(bytes, .malformed, mentioning: "refuse.message is not valid UTF-8")
    }

    @Test func unsortedOrDuplicateLabelsAreMalformed() {
        // Hand-build a hello whose labels are out of order.
        var payload = ByteBuffer()
        payload.writeInteger(UInt16(1))
        for s in ["a", "t", "i", "v", ""] { payload.writeInteger(UInt32(s.utf8.count)); payload.writeString(s) }
        payload.writeInteger(UInt32(2))
        for s in ["zone", "z", "region", "r"] { payload.writeInteger(UInt32(s.utf8.count)); payload.writeString(s) }
        payload.writeInteger(UInt64(1))
        payload.writeInteger(UInt64(0))
        expectError(frame(kind: 1, Array(payload.readableBytesView)), .malformed, mentioning: "hello.identity.labels[1].key \"region\" is not after \"zone\"")
    }
}
