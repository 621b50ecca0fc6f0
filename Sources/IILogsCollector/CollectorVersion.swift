/// The version this collector reports in its welcome and `/v1/stats`.
public enum CollectorVersion {
    public static let current = "0.1.0"
}
