/// How hard the SQLite store syncs each committed batch (`PRAGMA synchronous` in WAL mode).
public enum SQLiteSynchronous: String, Sendable, Hashable, CaseIterable {
    /// Every commit is fsynced: an acknowledged batch survives kill -9 *and* power loss. The default.
    case full
    /// Commits are written to the WAL without fsync; checkpoints sync. An acknowledged batch survives
    /// kill -9 of the collector process (the OS still holds the write) but NOT power loss or a kernel crash.
    case normal

    var pragmaValue: String {
        switch self {
        case .full: "FULL"
        case .normal: "NORMAL"
        }
    }
}
