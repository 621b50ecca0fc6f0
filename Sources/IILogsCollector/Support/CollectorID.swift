#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Names one collector process in a store shared by several (docs/SCALING.md): every batch it stores carries
/// the name (``IngestBatch/receivedBy``), so the registry knows which collector an instance talks to now.
public enum CollectorID {
    /// `HOST-PID-RANDOM`: unique per process, so a restarted collector is a new one (its rule windows are new too),
    /// and readable in logs.
    public static func generate() -> String {
        var host = [CChar](repeating: 0, count: 256)
        let name = gethostname(&host, host.count - 1) == 0
            ? String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "collector"
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(name.isEmpty ? "collector" : name)-\(getpid())-\(suffix)"
    }
}
