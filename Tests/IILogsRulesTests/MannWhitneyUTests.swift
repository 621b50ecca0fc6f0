import IILogsRules
import Testing

/// Expected values from `scipy.stats.mannwhitneyu(x, y, alternative=…, method="asymptotic")` (SciPy 1.17.1),
/// and U counted by hand for the first case: pairs with x > y are 3 + 4 + 2 + 4 + 4 = 17.
@Suite("Mann–Whitney U")
struct MannWhitneyUTests {
    static let cases: [([Double], [Double], MannWhitneyU.Alternative, Double, Double)] = [
        ([19, 22, 16, 29, 24], [20, 11, 17, 12], .twoSided, 17, 0.11134688653314041),
        ([19, 22, 16, 29, 24], [20, 11, 17, 12], .greater, 17, 0.055673443266570206),
        ([19, 22, 16, 29, 24], [20, 11, 17, 12], .less, 17, 0.9669037101389033),
        ([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], .twoSided, 0, 0.012185780355344813),
        ([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], .less, 0, 0.006092890177672406),
        ([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], .greater, 0, 0.9966923245172357),
        // Ties: the variance's tie correction matters here.
        ([1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 4, 4, 5, 5, 6], .twoSided, 11, 0.04988443697992588),
        ([1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 4, 4, 5, 5, 6], .less, 11, 0.02494221848996294),
        ([1, 2, 2, 3, 3, 3, 4], [2, 3, 3, 4, 4, 5, 5, 6], .greater, 11, 0.98122802559914),
        ([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21], .twoSided, 35, 0.24462360512698333),
        ([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21], .greater, 35, 0.12231180256349167),
    ]

    @Test(arguments: cases)
    func matchesSciPy(x: [Double], y: [Double], alternative: MannWhitneyU.Alternative, u1: Double, p: Double) throws {
        let result = try #require(MannWhitneyU.test(x, y, alternative: alternative))
        #expect(result.u1 == u1)
        #expect(result.u2 == Double(x.count * y.count) - u1)
        #expect(abs(result.pValue - p) < 1e-12, "p \(result.pValue) vs \(p)")
    }

    @Test func allTiedIsNoEvidence() throws {
        let result = try #require(MannWhitneyU.test([0, 0, 0], [0, 0, 0, 0]))
        #expect(result.pValue == 1)
        #expect(result.u1 == 6)
        #expect(MannWhitneyU.test([], [1]) == nil)
    }

    @Test func percentilesInterpolateLikeNumPy() {
        // numpy.percentile([1, 2, 3, 4, 10], [50, 90, 99]) = [3, 7.6, 9.76]
        let values: [Double] = [10, 1, 4, 2, 3]
        #expect(Percentiles.percentile(values, 50) == 3)
        #expect(abs((Percentiles.percentile(values, 90) ?? 0) - 7.6) < 1e-12)
        #expect(abs((Percentiles.percentile(values, 99) ?? 0) - 9.76) < 1e-12)
        #expect(Percentiles.medianAbsoluteDeviation(values) == 1)
        #expect(Percentiles.percentile([], 50) == nil)
    }
}
