import NIOCore

// hello, welcome and refuse payloads (docs/PROTOCOL.md §4–6).

extension ByteBuffer {
    mutating func writeHello(_ hello: Hello) {
        writeWire(hello.protocolVersion)
        writeWireString(hello.agentVersion)
        writeWireString(hello.token)
        writeWireString(hello.identity.instanceID)
        writeWireString(hello.identity.imageVersion)
        writeWireString(hello.identity.bootID)
        let labels = hello.identity.labels.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        writeWire(UInt32(truncatingIfNeeded: labels.count))
        for (key, value) in labels {
            writeWireString(key)
            writeWireString(value)
        }
        writeWire(hello.streamID)
        writeWire(hello.lastAckedSequence)
    }

    mutating func writeWelcome(_ welcome: Welcome) {
        writeWire(welcome.protocolVersion)
        writeWireString(welcome.collectorVersion)
        writeWire(welcome.lastStoredSequence)
        writeWire(welcome.maxFrameBytes)
    }

    mutating func writeRefusal(_ refusal: Refusal) {
        writeWire(refusal.code.rawValue)
        writeWireString(refusal.message)
    }
}

extension WireReader {
    /// A hello of another protocol version decodes to its version alone (every other field empty):
    /// the version is the only part of a hello that is the same in every version.
    mutating func readHello() throws(WireProtocolError) -> Hello {
        let version: UInt16 = try integer("hello.protocolVersion")
        guard version == WireProtocol.version else {
            _ = try? bytes("hello (foreign version)", count: remaining)
            return Hello(protocolVersion: version, agentVersion: "", token: "",
                         identity: InstanceIdentity(instanceID: "", imageVersion: ""), streamID: 0, lastAckedSequence: 0)
        }
        let agentVersion = try string("hello.agentVersion", max: WireProtocol.maxVersionStringBytes)
        let token = try string("hello.token", max: WireProtocol.maxTokenBytes)
        let instanceID = try string("hello.identity.instanceID", max: WireProtocol.maxIdentifierBytes)
        let imageVersion = try string("hello.identity.imageVersion", max: WireProtocol.maxIdentifierBytes)
        let bootID = try string("hello.identity.bootID", max: WireProtocol.maxIdentifierBytes)
        let labelCount = try count("hello.identity.labels", max: WireProtocol.maxLabels, minElementBytes: 8)
        var labels: [String: String] = [:]
        var previousKey: String?
        for i in 0..<labelCount {
            let keyOffset = offset
            let key = try string("hello.identity.labels[\(i)].key", max: WireProtocol.maxLabelKeyBytes)
            let value = try string("hello.identity.labels[\(i)].value", max: WireProtocol.maxLabelValueBytes)
            if let previousKey, !previousKey.utf8.lexicographicallyPrecedes(key.utf8) {
                throw WireProtocolError(.malformed, "hello.identity.labels[\(i)].key \"\(key)\" is not after \"\(previousKey)\" (keys must be sorted and unique)",
                                        byteOffset: keyOffset)
            }
            guard labels.updateValue(value, forKey: key) == nil else {
                throw WireProtocolError(.malformed, "hello.identity.labels[\(i)].key \"\(key)\" duplicates an earlier key", byteOffset: keyOffset)
            }
            previousKey = key
        }
        let streamID: UInt64 = try integer("hello.streamID")
        let lastAcked: UInt64 = try integer("hello.lastAckedSequence")
        return Hello(protocolVersion: version, agentVersion: agentVersion, token: token,
                     identity: InstanceIdentity(instanceID: instanceID, imageVersion: imageVersion, bootID: bootID, labels: labels),
                     streamID: streamID, lastAckedSequence: lastAcked)
    }

    mutating func readWelcome() throws(WireProtocolError) -> Welcome {
        let version: UInt16 = try integer("welcome.protocolVersion")
        let collectorVersion = try string("welcome.collectorVersion", max: WireProtocol.maxVersionStringBytes)
        let lastStored: UInt64 = try integer("welcome.lastStoredSequence")
        let maxFrame: UInt32 = try integer("welcome.maxFrameBytes")
        return Welcome(protocolVersion: version, collectorVersion: collectorVersion, lastStoredSequence: lastStored, maxFrameBytes: maxFrame)
    }

    mutating func readRefusal() throws(WireProtocolError) -> Refusal {
        let code: UInt16 = try integer("refuse.code")
        let message = try string("refuse.message", max: WireProtocol.maxRefusalMessageBytes)
        return Refusal(code: RefusalCode(rawValue: code), message: message)
    }
}
