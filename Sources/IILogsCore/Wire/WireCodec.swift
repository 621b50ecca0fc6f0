public import NIOCore

/// Encodes ``WireMessage``s as frames and decodes frames back (docs/PROTOCOL.md is the spec).
///
/// Frame: magic `IL` | kind u8 | payload length u32 big-endian | payload.
public enum WireCodec {
    /// Appends `message` as one frame. The side payload of a batch is compressed at `sideCompressionLevel`.
    ///
    /// The encoder does not check limits: a sender keeps its fields within the documented maxima.
    public static func encode(_ message: WireMessage, into buffer: inout ByteBuffer,
                              sideCompressionLevel: Int32 = WireProtocol.sideCompressionLevel) {
        buffer.writeBytes(WireProtocol.magic)
        buffer.writeWire(WireFrameKind(message).rawValue)
        let lengthIndex = buffer.writerIndex
        buffer.writeWire(UInt32(0))
        let payloadStart = buffer.writerIndex
        switch message {
        case .hello(let hello): buffer.writeHello(hello)
        case .welcome(let welcome): buffer.writeWelcome(welcome)
        case .refuse(let refusal): buffer.writeRefusal(refusal)
        case .batch(let batch): buffer.writeBatch(batch, sideCompressionLevel: sideCompressionLevel)
        case .ack(let ack): buffer.writeWire(ack.sequence)
        case .ping(let ping): buffer.writeWire(ping.time.nanosecondsSinceEpoch)
        }
        let length = UInt32(truncatingIfNeeded: buffer.writerIndex - payloadStart)
        buffer.setInteger(length, at: lengthIndex, endianness: .big)
    }

    /// `message` as one frame's bytes.
    public static func encodedFrame(_ message: WireMessage,
                                    sideCompressionLevel: Int32 = WireProtocol.sideCompressionLevel) -> [UInt8] {
        var buffer = ByteBuffer()
        encode(message, into: &buffer, sideCompressionLevel: sideCompressionLevel)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// Decodes one frame from the front of `buffer`, consuming it; nil (nothing consumed) when the
    /// frame is not complete yet. Throws when the bytes can never become a valid frame: bad magic,
    /// unknown kind and oversize lengths are detected from the header, before the body arrives.
    ///
    /// `streamOffset` is the stream position of `buffer`'s first readable byte, used in errors.
    public static func decodeFrame(_ buffer: inout ByteBuffer, limits: WireLimits = .default,
                                   streamOffset: Int = 0) throws(WireProtocolError) -> WireMessage? {
        let start = buffer.readerIndex
        let available = buffer.readableBytes
        for (i, expected) in WireProtocol.magic.enumerated() where i < available {
            let byte = buffer.getInteger(at: start + i, as: UInt8.self) ?? 0
            guard byte == expected else {
                throw WireProtocolError(.badMagic, "frame magic byte \(i) is 0x\(hex(byte)), expected 0x\(hex(expected)) ('IL')",
                                        byteOffset: streamOffset + i)
            }
        }
        guard available >= 3, let kindByte = buffer.getInteger(at: start + 2, as: UInt8.self) else { return nil }
        guard let kind = WireFrameKind(rawValue: kindByte) else {
            throw WireProtocolError(.unknownFrameKind, "frame kind \(kindByte) is unknown (known: 1–6)", byteOffset: streamOffset + 2)
        }
        guard available >= WireProtocol.frameHeaderBytes,
              let rawLength = buffer.getInteger(at: start + 3, endianness: .big, as: UInt32.self)
        else { return nil }
        let length = Int(rawLength)
        guard length <= limits.maxFrameBytes else {
            throw WireProtocolError(.frameTooLarge, "frame length \(length) exceeds maxFrameBytes \(limits.maxFrameBytes)",
                                    byteOffset: streamOffset + 3)
        }
        guard available - WireProtocol.frameHeaderBytes >= length,
              let payload = buffer.getSlice(at: start + WireProtocol.frameHeaderBytes, length: length)
        else { return nil }
        var reader = WireReader(payload, baseOffset: streamOffset + WireProtocol.frameHeaderBytes)
        let message: WireMessage
        switch kind {
        case .hello: message = .hello(try reader.readHello())
        case .welcome: message = .welcome(try reader.readWelcome())
        case .refuse: message = .refuse(try reader.readRefusal())
        case .batch: message = .batch(try reader.readBatch(limits: limits))
        case .ack: message = .ack(Ack(sequence: try reader.integer("ack.sequence")))
        case .ping: message = .ping(Ping(time: try reader.timestamp("ping.time")))
        }
        try reader.expectEnd("\(kind) frame")
        buffer.moveReaderIndex(forwardBy: WireProtocol.frameHeaderBytes + length)
        return message
    }

    private static func hex(_ byte: UInt8) -> String {
        let s = String(byte, radix: 16, uppercase: true)
        return s.count == 1 ? "0" + s : s
    }
}
