import Foundation
import IILogsAgent
import IILogsCore
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// Test support for the input sources: a collecting sink, an in-memory checkpoint store, a temporary
/// folder, and a bounded wait.

/// Keeps every submitted record with its checkpoint, in order.
final class InputCollectingSink: RecordSink {
    private let items = Mutex<[(record: Record, checkpoint: SourceCheckpoint?)]>([])

    func submit(_ record: Record, checkpoint: SourceCheckpoint?) async {
        items.withLock { $0.append((record, checkpoint)) }
    }

    var records: [Record] { items.withLock { $0.map(\.record) } }
    var logRecords: [LogRecord] {
        records.compactMap { if case .log(let log) = $0 { log } else { nil } }
    }
    var messages: [String] { logRecords.map(\.message) }
    var lastCheckpoint: SourceCheckpoint? { items.withLock { $0.last?.checkpoint } }
    var checkpoints: [SourceCheckpoint?] { items.withLock { $0.map(\.checkpoint) } }
}

/// Checkpoints held in memory, as the spool would hold them.
final class InputMemoryCheckpoints: CheckpointStore {
    private let store = Mutex<[String: [UInt8]]>([:])

    init(_ initial: [String: [UInt8]] = [:]) { store.withLock { $0 = initial } }

    func checkpoint(for sourceKey: String) async -> [UInt8]? { store.withLock { $0[sourceKey] } }
}

/// A folder under the temporary directory, removed by ``remove()``.
struct InputTestFolder {
    let path: String

    init() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iilogs-inputs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        path = url.path
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// A logger that discards everything.
let inputTestLogger = Logger(label: "iilogs.tests", factory: { _ in SwiftLogNoOpLogHandler() })

/// Writes `text` as the whole content of `path` (creating it).
func inputWriteFile(_ path: String, _ text: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
}

/// Appends `text` to `path` (creating it when missing).
func inputAppendFile(_ path: String, _ text: String) throws {
    if !FileManager.default.fileExists(atPath: path) { return try inputWriteFile(path, text) }
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(text.utf8))
}

/// Polls `condition` every 5 ms until it holds or `timeout` passes; returns whether it held.
///
/// The timeout is long on purpose (a condition that holds returns at once): in a full `swift test`, ~850 tests
/// start together on a 2-core machine's cooperative pool and each await of a waiting test can queue behind hundreds
/// of others, so a restart that takes 0.4 s alone exceeded 30 s in CI (most tests' timings read 20–30 s there).
func inputEventually(timeout: Duration = .seconds(120), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return await condition()
}

/// Runs `service` while `body` runs, then cancels it and waits for it to end.
func inputWhileRunning<S: Service, T: Sendable>(_ service: S, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await service.run() }
        do {
            let result = try await body()
            group.cancelAll()
            try await group.waitForAll()
            return result
        } catch {
            group.cancelAll()
            throw error
        }
    }
}
