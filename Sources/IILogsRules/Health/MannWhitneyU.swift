/// The Mann–Whitney U rank test (Wilcoxon rank-sum) with tie correction and the normal approximation
/// with continuity correction, as `scipy.stats.mannwhitneyu(x, y, method="asymptotic")` computes it.
public struct MannWhitneyU: Sendable, Hashable, Codable {
    /// Which difference the test looks for, in terms of the first sample `x`.
    public enum Alternative: String, Sendable, Hashable, Codable, CaseIterable {
        /// `x` and `y` differ in either direction.
        case twoSided = "two-sided"
        /// `x` tends to be larger than `y`.
        case greater
        /// `x` tends to be smaller than `y`.
        case less
    }

    /// U of `x`: the pairs (xᵢ, yⱼ) with xᵢ > yⱼ, ties counting ½.
    public var u1: Double
    /// U of `y`: n₁·n₂ − U₁.
    public var u2: Double
    /// The standardised statistic used for the p-value (continuity-corrected).
    public var z: Double
    public var pValue: Double
    public var alternative: Alternative

    /// Runs the test; nil when either sample is empty.
    public static func test(_ x: [Double], _ y: [Double], alternative: Alternative = .twoSided,
                            continuityCorrection: Bool = true) -> MannWhitneyU? {
        let n1 = x.count, n2 = y.count
        guard n1 > 0, n2 > 0 else { return nil }
        let ranks = Self.ranks(x + y)
        let r1 = ranks.values[..<n1].reduce(0, +)
        let u1 = r1 - Double(n1 * (n1 + 1)) / 2
        let product = Double(n1) * Double(n2)
        let u2 = product - u1
        let n = Double(n1 + n2)
        let mean = product / 2
        let variance = product / 12 * ((n + 1) - ranks.tieTerm / (n * (n - 1)))
        let u: Double
        switch alternative {
        case .twoSided: u = max(u1, u2)
        case .greater: u = u1
        case .less: u = u2
        }
        guard variance > 0 else {
            // Every value tied: no evidence of any difference.
            return MannWhitneyU(u1: u1, u2: u2, z: 0, pValue: 1, alternative: alternative)
        }
        let z = (u - mean - (continuityCorrection ? 0.5 : 0)) / variance.squareRoot()
        var p = NormalDistribution.survival(z)
        if alternative == .twoSided { p *= 2 }
        return MannWhitneyU(u1: u1, u2: u2, z: z, pValue: min(max(p, 0), 1), alternative: alternative)
    }

    /// Mid-ranks (1-based, ties share their average rank) and Σ(t³ − t) over tie groups.
    static func ranks(_ values: [Double]) -> (values: [Double], tieTerm: Double) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var tieTerm = 0.0
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            let midRank = Double(start + 1 + end) / 2
            for position in start..<end { ranks[order[position]] = midRank }
            let t = Double(end - start)
            tieTerm += t * t * t - t
            start = end
        }
        return (ranks, tieTerm)
    }
}
