/// `sibling_outlier`: fires for an instance whose signal is far from the other live instances of the
/// same image version, measured with the median and the median absolute deviation (MAD).
///
/// An instance with value `x` is an outlier when all of these hold (for `direction: above`; mirrored
/// for `below`):
/// - the image has at least `minSiblings` other live instances with a value;
/// - `x ≥ minValue` (so a quiet fleet never flags);
/// - `x ≥ median × minRatio`;
/// - `(x − median) / (1.4826 × MAD) ≥ maxDeviation` (a MAD of 0 makes any `x` above the median far).
public struct SiblingOutlierCondition: Sendable, Hashable {
    /// What is compared between siblings.
    public enum Signal: Sendable, Hashable {
        /// Lines at severity `err` or worse per minute over the window.
        case errorRate
        /// The latest value (within the window) of a metric series with these labels.
        case metric(name: String, labels: [String: String])
    }

    public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
        case above, below
    }

    public var signal: Signal
    public var direction: Direction
    /// Whole minutes, 1m to ``RuleFileLoader/maxOutlierWindow``.
    public var window: Duration
    public var minSiblings: Int
    public var minValue: Double
    public var minRatio: Double
    public var maxDeviation: Double

    public init(signal: Signal, direction: Direction = .above, window: Duration, minSiblings: Int = 5,
                minValue: Double, minRatio: Double = 3, maxDeviation: Double = 5) {
        self.signal = signal
        self.direction = direction
        self.window = window
        self.minSiblings = minSiblings
        self.minValue = minValue
        self.minRatio = minRatio
        self.maxDeviation = maxDeviation
    }
}
