/// The file operations the spool needs, as a protocol so tests can inject faults (cf. Vector's
/// `disk_v2/io.rs`). ``PosixSpoolFileSystem`` is the real implementation.
///
/// Paths are absolute. Every method throws ``SpoolError`` with code `.io` naming the call and path.
public protocol SpoolFileSystem: Sendable {
    /// Creates `path` and its parents when missing.
    func createDirectory(_ path: String) throws(SpoolError)
    /// Names (not paths) of the entries of directory `path`.
    func listDirectory(_ path: String) throws(SpoolError) -> [String]
    /// The whole content of `path`; nil when it does not exist.
    func readFile(_ path: String) throws(SpoolError) -> [UInt8]?
    /// `length` bytes at `offset` of `path` (fewer when the file is shorter).
    func read(_ path: String, offset: Int, length: Int) throws(SpoolError) -> [UInt8]
    /// Appends `bytes` to `path` (creating it) and fsyncs the file; when `syncDirectory`, fsyncs the directory too.
    func append(_ bytes: [UInt8], to path: String, syncDirectory: Bool) throws(SpoolError)
    /// Writes `bytes` to `path` via a temporary file, fsync, rename and a directory fsync.
    func writeAtomically(_ bytes: [UInt8], to path: String) throws(SpoolError)
    /// Cuts `path` to `size` bytes and fsyncs it.
    func truncate(_ path: String, to size: Int) throws(SpoolError)
    /// Renames `from` to `to` (same directory) and fsyncs the directory.
    func rename(_ from: String, to: String) throws(SpoolError)
    /// Deletes `path`; a missing file is not an error.
    func remove(_ path: String) throws(SpoolError)
}

extension String {
    /// The directory part of a path (`/a/b` → `/a`).
    var spoolParentDirectory: String {
        guard let slash = lastIndex(of: "/") else { return "." }
        return slash == startIndex ? "/" : String(self[..<slash])
    }
}
