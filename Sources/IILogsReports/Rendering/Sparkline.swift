/// One-line Unicode charts (`▁▂▃▅▇█`) for the terminal.
public enum Sparkline {
    static let bars: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One bar per value, scaled from the smallest (`▁`) to the largest (`█`); all equal values draw `▁`;
    /// non-finite values draw a space.
    public static func render(values: [Double]) -> String {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return String(repeating: " ", count: values.count) }
        let span = high - low
        return String(values.map { v -> Character in
            guard v.isFinite else { return " " }
            guard span > 0 else { return bars[0] }
            let index = Int(((v - low) / span * Double(bars.count - 1)).rounded())
            return bars[min(max(index, 0), bars.count - 1)]
        })
    }
}
