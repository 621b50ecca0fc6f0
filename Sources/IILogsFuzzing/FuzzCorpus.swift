public import Foundation

/// The inputs kept in the repository for a target: `fuzz/corpus/TARGET/` (seeds and what the
/// fuzzer found worth keeping) and `fuzz/regressions/TARGET/` (inputs that once crashed).
public struct FuzzCorpus: Sendable {
    /// The repository's `fuzz/` folder.
    public var root: URL

    public init(root: URL) {
        self.root = root
    }

    /// The folders holding `target`'s inputs.
    public func folders(for target: FuzzTarget) -> [URL] {
        ["corpus", "regressions"].map { root.appendingPathComponent($0).appendingPathComponent(target.rawValue) }
    }

    /// Every input file for `target`, sorted by path; files starting with "." are ignored.
    public func inputs(for target: FuzzTarget) throws -> [URL] {
        try Self.files(in: folders(for: target))
    }

    /// Regular files under `paths` (a path may be a file or a folder), sorted.
    public static func files(in paths: [URL]) throws -> [URL] {
        var files: [URL] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path.path, isDirectory: &isDirectory) else { continue }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            for name in try manager.contentsOfDirectory(atPath: path.path) where !name.hasPrefix(".") {
                files.append(path.appendingPathComponent(name))
            }
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Runs every file in `paths` through `target`; returns how many ran.
    public static func replay(_ target: FuzzTarget, paths: [URL]) throws -> Int {
        let files = try files(in: paths)
        for file in files {
            target.run(Array(try Data(contentsOf: file)))
        }
        return files.count
    }
}
