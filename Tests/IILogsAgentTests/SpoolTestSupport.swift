import IILogsAgent
import IILogsCore
import IILogsTesting
import Logging
import Synchronization

/// A logger that discards everything, for spool and shipper tests.
let spoolTestLogger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// Opens a spool in `directory` with small sizes so tests cross segment and size limits quickly.
func openTestSpool(_ directory: String, maxBytes: Int = 1 << 20, segmentBytes: Int = 4096,
                   fileSystem: any SpoolFileSystem = PosixSpoolFileSystem()) throws -> Spool {
    try Spool(options: .init(directory: directory, maxBytes: maxBytes, segmentBytes: segmentBytes),
              fileSystem: fileSystem, logger: spoolTestLogger)
}

/// Appends an entry whose payload is `size` copies of its sequence's low byte.
@discardableResult
func appendTestEntry(_ spool: Spool, records: Int = 10, size: Int = 100, checkpoints: [SourceCheckpoint] = []) async throws -> UInt64 {
    try await spool.append(recordCount: records, checkpoints: checkpoints) { sequence, _ in
        [UInt8](repeating: UInt8(truncatingIfNeeded: sequence), count: size)
    }
}

/// A ``SpoolFileSystem`` that fails or cuts writes on demand (cf. Vector's io.rs test doubles).
final class SpoolFaultyFileSystem: SpoolFileSystem {
    struct Faults {
        /// Appends fail with an I/O error while true.
        var failAppends = false
        /// The next append writes only this many bytes of its frame, then fails (a torn write).
        var tearNextAppendAfter: Int?
    }

    let real = PosixSpoolFileSystem()
    let faults = Mutex(Faults())

    func createDirectory(_ path: String) throws(SpoolError) { try real.createDirectory(path) }
    func listDirectory(_ path: String) throws(SpoolError) -> [String] { try real.listDirectory(path) }
    func readFile(_ path: String) throws(SpoolError) -> [UInt8]? { try real.readFile(path) }
    func read(_ path: String, offset: Int, length: Int) throws(SpoolError) -> [UInt8] {
        try real.read(path, offset: offset, length: length)
    }
    func append(_ bytes: [UInt8], to path: String, syncDirectory: Bool) throws(SpoolError) {
        let (fail, tear) = faults.withLock { faults in
            defer { faults.tearNextAppendAfter = nil }
            return (faults.failAppends, faults.tearNextAppendAfter)
        }
        if fail { throw SpoolError(.io, "injected write failure on \(path)") }
        if let tear {
            try real.append(Array(bytes.prefix(tear)), to: path, syncDirectory: syncDirectory)
            throw SpoolError(.io, "injected torn write on \(path)")
        }
        try real.append(bytes, to: path, syncDirectory: syncDirectory)
    }
    func writeAtomically(_ bytes: [UInt8], to path: String) throws(SpoolError) { try real.writeAtomically(bytes, to: path) }
    func truncate(_ path: String, to size: Int) throws(SpoolError) { try real.truncate(path, to: size) }
    func rename(_ from: String, to: String) throws(SpoolError) { try real.rename(from, to: to) }
    func remove(_ path: String) throws(SpoolError) { try real.remove(path) }
}

/// Segment file names in `directory`, sorted.
func spoolSegmentNames(_ directory: String) throws -> [String] {
    try PosixSpoolFileSystem().listDirectory(directory).filter { $0.hasPrefix("segment-") }.sorted()
}
