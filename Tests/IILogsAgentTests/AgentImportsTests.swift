import Foundation
import Testing

/// The agent's size is a target (ADR 011): its executable and the libraries it links must not import
/// Foundation or swift-argument-parser, which would pull megabytes into the static agent. (A
/// `String.contains(String)`, which links the regex engine, cannot be found this way; the link-map check in
/// ADR 011 finds it.)
@Suite struct AgentImportsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let agentSourceFolders = ["agent", "Sources/IILogsAgent", "Sources/IILogsCore"]
    static let forbiddenModules = ["Foundation", "FoundationEssentials", "FoundationInternationalization", "ArgumentParser"]

    @Test func agentSourcesImportNeitherFoundationNorArgumentParser() throws {
        var swiftFiles = 0
        var offenders: [String] = []
        for folder in Self.agentSourceFolders {
            let base = Self.root.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(atPath: base.path) else {
                Issue.record("\(folder) is missing")
                continue
            }
            for case let file as String in files where file.hasSuffix(".swift") {
                swiftFiles += 1
                let text = try String(contentsOf: base.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let importIndex = words.firstIndex(of: "import"), importIndex + 1 < words.count,
                          words[..<importIndex].allSatisfy({ ["public", "internal", "package", "@testable", "@_exported"].contains($0) })
                    else { continue }
                    if Self.forbiddenModules.contains(String(words[importIndex + 1])) { offenders.append("\(folder)/\(file): \(line)") }
                }
            }
        }
        #expect(swiftFiles > 100)
        #expect(offenders.isEmpty, "\(offenders.joined(separator: "\n"))")
    }
}
