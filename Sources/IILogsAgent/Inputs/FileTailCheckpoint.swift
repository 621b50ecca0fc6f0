/// Where a tailed file was read up to: the file's identity (device, inode) and the byte offset after
/// the last line handed to the sink.
///
/// Encoded into ``SourceCheckpoint/position`` as 25 bytes, integers big-endian:
/// ```
/// +---------+----------------+----------------+----------------+
/// | version | device (u64)   | inode (u64)    | offset (u64)   |
/// | 1 byte  | 8 bytes        | 8 bytes        | 8 bytes        |
/// +---------+----------------+----------------+----------------+
/// ```
/// A new layout gets a new version byte; ``init(bytes:)`` rejects versions it does not know.
public struct FileTailCheckpoint: Sendable, Hashable {
    /// The layout version written by ``bytes``.
    public static let currentVersion: UInt8 = 1
    /// Length in bytes of a version-1 checkpoint.
    public static let encodedLength = 25

    public var device: UInt64
    public var inode: UInt64
    /// Offset of the first byte not yet handed to the sink.
    public var offset: UInt64

    /// A checkpoint for the file `(device, inode)` read up to `offset`.
    public init(device: UInt64, inode: UInt64, offset: UInt64) {
        self.device = device
        self.inode = inode
        self.offset = offset
    }

    /// The encoded form stored in the spool.
    public var bytes: [UInt8] {
        var out: [UInt8] = [Self.currentVersion]
        out.reserveCapacity(Self.encodedLength)
        for value in [device, inode, offset] {
            for shift in stride(from: 56, through: 0, by: -8) {
                out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
            }
        }
        return out
    }

    /// Decodes ``bytes``; total: any input yields a checkpoint or a typed error.
    public init(bytes: [UInt8]) throws(FileTailCheckpointError) {
        guard let version = bytes.first else {
            throw FileTailCheckpointError(problem: "checkpoint is empty")
        }
        guard version == Self.currentVersion else {
            throw FileTailCheckpointError(problem: "checkpoint version \(version) unsupported (expected \(Self.currentVersion))")
        }
        guard bytes.count == Self.encodedLength else {
            throw FileTailCheckpointError(problem: "checkpoint length \(bytes.count), expected \(Self.encodedLength)")
        }
        func field(_ index: Int) -> UInt64 {
            var value: UInt64 = 0
            for byte in bytes[(1 + index * 8)..<(9 + index * 8)] { value = value << 8 | UInt64(byte) }
            return value
        }
        self.init(device: field(0), inode: field(1), offset: field(2))
    }
}

/// A tail checkpoint that could not be decoded (written by a newer agent, or damaged).
public struct FileTailCheckpointError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
