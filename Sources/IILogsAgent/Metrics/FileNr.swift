/// `/proc/sys/fs/file-nr`: `"1255\t0\t2466174"` — file handles allocated, allocated but unused (always 0
/// since Linux 2.6), and the system-wide maximum (`fs.file-max`).
public struct FileNr: Sendable, Hashable {
    /// Open file handles in the whole system.
    public var open: UInt64
    public var maximum: UInt64

    public init(open: UInt64, maximum: UInt64) {
        self.open = open
        self.maximum = maximum
    }

    /// Parses the text; nil when it is not three numbers.
    public static func parse(_ text: String) -> FileNr? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map { UInt64($0) }
        guard fields.count == 3, let allocated = fields[0], let unused = fields[1], let maximum = fields[2] else { return nil }
        return FileNr(open: allocated > unused ? allocated - unused : 0, maximum: maximum)
    }
}
