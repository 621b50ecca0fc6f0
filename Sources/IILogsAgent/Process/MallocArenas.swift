#if canImport(Glibc)
import CMalloc
import Glibc
#endif

/// How many glibc malloc arenas the agent process uses.
///
/// glibc gives each thread that allocates concurrently its own arena (up to 8 per core), and each arena
/// keeps its own free memory resident. The agent allocates little and from few threads, so one arena
/// costs no measurable CPU and keeps ~0.6 MiB less resident at 1,000 lines/s (docs/PERFORMANCE.md,
/// "Eighth session"). The `MALLOC_ARENA_MAX` environment variable, when set, wins.
public enum MallocArenas {
    /// Arenas of the agent process unless `MALLOC_ARENA_MAX` is set.
    public static let agentDefault: Int32 = 1
    /// The environment variable that overrides ``agentDefault`` (glibc reads it itself).
    public static let overrideVariable = "MALLOC_ARENA_MAX"

    /// Applies ``agentDefault`` unless `overrideValue` (the value of `MALLOC_ARENA_MAX`, if set) is
    /// given; call it first thing in `main`, before any thread starts. Returns whether it was applied.
    @discardableResult
    public static func applyAgentDefault(overrideValue: String? = environmentOverride()) -> Bool {
        guard overrideValue == nil else { return false }
        #if canImport(Glibc)
        return mallopt(M_ARENA_MAX, agentDefault) == 1
        #else
        return false
        #endif
    }

    /// The value of `MALLOC_ARENA_MAX` in this process's environment, nil when unset.
    public static func environmentOverride() -> String? {
        getenv(overrideVariable).map { String(cString: $0) }
    }
}
