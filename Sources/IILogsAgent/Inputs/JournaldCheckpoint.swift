/// Where the journald source got to: the journal cursor of the last entry handed to the sink.
///
/// Encoded into ``SourceCheckpoint/position`` as one version byte (1) followed by the cursor's UTF-8 bytes.
/// ``init(bytes:)`` rejects versions it does not know.
public struct JournaldCheckpoint: Sendable, Hashable {
    /// The layout version written by ``bytes``.
    public static let currentVersion: UInt8 = 1
    /// Longest cursor accepted (journald's are about 100 bytes).
    public static let maxCursorBytes = 4_096

    public var cursor: String

    public init(cursor: String) { self.cursor = cursor }

    /// The encoded form stored in the spool.
    public var bytes: [UInt8] { [Self.currentVersion] + Array(cursor.utf8) }

    /// Decodes ``bytes``; total: any input yields a checkpoint or a typed error.
    public init(bytes: [UInt8]) throws(JournaldCheckpointError) {
        guard let version = bytes.first else { throw JournaldCheckpointError(problem: "checkpoint is empty") }
        guard version == Self.currentVersion else {
            throw JournaldCheckpointError(problem: "checkpoint version \(version) unsupported (expected \(Self.currentVersion))")
        }
        let cursor = bytes.dropFirst()
        guard !cursor.isEmpty, cursor.count <= Self.maxCursorBytes, let text = String(validating: cursor, as: UTF8.self) else {
            throw JournaldCheckpointError(problem: "cursor of \(cursor.count) bytes is empty, longer than \(Self.maxCursorBytes) or not UTF-8")
        }
        self.cursor = text
    }
}

/// A journald checkpoint that could not be decoded (written by a newer agent, or damaged).
public struct JournaldCheckpointError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problem: String
    public var description: String { problem }
}
