import Foundation
import Logging

/// What every `iilogs bench` subcommand sets up: a work folder (the one given, kept; or a fresh
/// temporary one, removed afterwards), a logger that only speaks up for warnings, and progress lines
/// on standard error so the figures on standard output stay clean.
enum BenchWorkspace {
    static func run<T>(folder given: String?, prefix: String,
                       _ body: (_ folder: String, _ logger: Logger, _ progress: @escaping @Sendable (String) -> Void) async throws -> T)
        async throws -> T {
        let folder = given ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if given == nil { try? FileManager.default.removeItem(atPath: folder) } }
        var logger = Logger(label: "iilogs.bench")
        logger.logLevel = .warning
        return try await body(folder, logger) { message in
            FileHandle.standardError.write(Data("bench: \(message)\n".utf8))
        }
    }
}
