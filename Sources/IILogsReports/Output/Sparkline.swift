/// A one-line Unicode chart of a series (`▁▂▃▄▅▆▇█`), for terminals.
public enum Sparkline {
    /// Lowest to highest.
    public static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    /// Default widest line, in characters.
    public static let defaultWidth = 60

    /// One character per value, scaled between the smallest and largest finite value; a nil or non-finite value is
    /// a space; a flat series sits on the middle level. More values than `width` are folded into `width` columns,
    /// each the average of its finite values.
    public static func render(_ values: [Double?], width: Int = defaultWidth) -> String {
        let columns = fold(values, width: max(1, width))
        let finite = columns.compactMap { $0 }
        guard let lo = finite.min(), let hi = finite.max() else { return String(repeating: " ", count: columns.count) }
        let top = Double(levels.count - 1)
        return String(columns.map { value -> Character in
            guard let value else { return " " }
            guard hi > lo else { return levels[levels.count / 2 - 1] }
            let level = Int(((value - lo) / (hi - lo) * top).rounded())
            return levels[min(levels.count - 1, max(0, level))]
        })
    }

    /// One character per value, every value drawn (callers that need a width downsample first).
    public static func render(values: [Double]) -> String {
        render(values.map { $0 }, width: max(1, values.count))
    }

    /// `values` with non-finite ones made nil, averaged into at most `width` columns.
    static func fold(_ values: [Double?], width: Int) -> [Double?] {
        let clean = values.map { v -> Double? in v.flatMap { $0.isFinite ? $0 : nil } }
        guard clean.count > width else { return clean }
        return (0..<width).map { column in
            let slice = clean[(column * clean.count / width)..<((column + 1) * clean.count / width)].compactMap { $0 }
            return slice.isEmpty ? nil : slice.reduce(0, +) / Double(slice.count)
        }
    }
}
