import Foundation
import Testing

/// Golden files in `Tests/IILogsReportsTests/Golden/` (copied into the test bundle).
///
/// To accept new output after an intended change, run the tests once with `IILOGS_UPDATE_GOLDEN=1`
/// (`IILOGS_UPDATE_GOLDEN=1 swift test --filter PostmortemRendererGoldenTests`): the files in the source
/// tree are rewritten and the test records an issue so the run is never mistaken for a check; review the
/// diff with `git diff`, then run again without the variable.
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["IILOGS_UPDATE_GOLDEN"] == "1" }

    static func check(_ actual: String, _ name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if updating {
            let source = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name)")
            try Data(actual.utf8).write(to: source)
            Issue.record("rewrote Golden/\(name); run again without IILOGS_UPDATE_GOLDEN to check", sourceLocation: sourceLocation)
            return
        }
        let url = try #require(Bundle.module.resourceURL?.appendingPathComponent("Golden/\(name)"))
        let expected = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        guard actual != expected else { return }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
        Issue.record("""
            output differs from Golden/\(name) at line \(line + 1):
              expected: \(line < e.count ? String(e[line]) : "<end of file>")
              actual:   \(line < a.count ? String(a[line]) : "<end of output>")
            (IILOGS_UPDATE_GOLDEN=1 rewrites the golden files)
            """, sourceLocation: sourceLocation)
    }
}
