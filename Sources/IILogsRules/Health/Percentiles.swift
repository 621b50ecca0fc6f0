/// Order statistics for small samples: percentiles by linear interpolation between closest ranks
/// (NumPy's default, "type 7"), the median and the median absolute deviation.
public enum Percentiles {
    /// The `p`-th percentile (0…100) of `values`; nil when empty. Sorts a copy.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        percentile(sorted: values.sorted(), p)
    }

    /// The `p`-th percentile of values already sorted ascending.
    public static func percentile(sorted: [Double], _ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = min(max(p, 0), 100) / 100 * Double(sorted.count - 1)
        let lower = Int(rank.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = rank - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    public static func median(_ values: [Double]) -> Double? { percentile(values, 50) }

    /// Median absolute deviation from the median (unscaled; × 1.4826 estimates σ for normal data).
    public static func medianAbsoluteDeviation(_ values: [Double]) -> Double? {
        guard let median = median(values) else { return nil }
        return Percentiles.median(values.map { abs($0 - median) })
    }

    /// The MAD's scale factor that makes it estimate the standard deviation of normal data.
    public static let madToSigma = 1.4826
}
