extension StringProtocol {
    /// Whether `needle` occurs in this text, compared as UTF-8 bytes (an empty needle always occurs).
    ///
    /// The agent uses this instead of `contains(_:)` with a string argument: that overload lives in
    /// `_StringProcessing` and links the whole regex engine into the static agent (ADR 011).
    public func containsBytes(of needle: some StringProtocol) -> Bool {
        let haystack = Array(utf8)
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty else { return true }
        guard pattern.count <= haystack.count else { return false }
        let first = pattern[0]
        var start = 0
        let lastStart = haystack.count - pattern.count
        while start <= lastStart {
            if haystack[start] == first, haystack[start..<(start + pattern.count)].elementsEqual(pattern) { return true }
            start += 1
        }
        return false
    }
}
