/// What one instance's stored lines say against what it sent (pure): the sequence numbers read back
/// are compared with `0..<sent`.
public struct SoakTally: Sendable, Hashable, Codable {
    /// Lines the source wrote.
    public var sent: Int
    /// Distinct sent lines found in the store.
    public var stored: Int
    /// Sent lines not found.
    public var lost: Int
    /// Extra copies of stored lines.
    public var duplicated: Int
    /// Stored soak lines with a number the source never wrote (should be 0).
    public var unexpected: Int

    /// Creates a tally.
    public init(sent: Int, stored: Int, lost: Int, duplicated: Int, unexpected: Int) {
        self.sent = sent
        self.stored = stored
        self.lost = lost
        self.duplicated = duplicated
        self.unexpected = unexpected
    }

    /// Compares the numbers read back with `0..<sent`.
    public init(sent: Int, storedSequences: some Sequence<Int>) {
        var seen = [Bool](repeating: false, count: max(0, sent))
        var distinct = 0, duplicated = 0, unexpected = 0
        for sequence in storedSequences {
            guard sequence >= 0, sequence < sent else {
                unexpected += 1
                continue
            }
            if seen[sequence] {
                duplicated += 1
            } else {
                seen[sequence] = true
                distinct += 1
            }
        }
        self.init(sent: sent, stored: distinct, lost: sent - distinct, duplicated: duplicated, unexpected: unexpected)
    }

    /// The sum of several tallies.
    public static func + (lhs: SoakTally, rhs: SoakTally) -> SoakTally {
        SoakTally(sent: lhs.sent + rhs.sent, stored: lhs.stored + rhs.stored, lost: lhs.lost + rhs.lost,
                  duplicated: lhs.duplicated + rhs.duplicated, unexpected: lhs.unexpected + rhs.unexpected)
    }

    /// All zero.
    public static let zero = SoakTally(sent: 0, stored: 0, lost: 0, duplicated: 0, unexpected: 0)
}
