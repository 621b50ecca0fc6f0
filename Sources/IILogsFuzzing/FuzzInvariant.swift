/// Invariant checks for fuzz targets: a violation traps with a message naming the target.
public enum FuzzInvariant {
    /// Traps (so libFuzzer saves the input) when `condition` is false.
    public static func check(_ condition: Bool, _ message: @autoclosure () -> String, target: FuzzTarget,
                             file: StaticString = #fileID, line: UInt = #line) {
        if !condition {
            preconditionFailure("fuzz invariant broken in \(target.rawValue): \(message())", file: file, line: line)
        }
    }
}
