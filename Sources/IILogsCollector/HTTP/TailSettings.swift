/// Limits of `GET /v1/logs/tail` (docs/API.md "Live tail"); every tail is a store poll loop.
public struct TailSettings: Sendable, Hashable {
    /// How often a tail asks the store for chunks committed after its cursor (adds at most this much latency).
    public var pollInterval: Duration
    /// A `{"tail":…}` mark is written when nothing else was for this long, so a dead client is noticed.
    public var heartbeatInterval: Duration
    /// Tails streaming at once; one more is refused with 503 `too_many_tails`.
    public var maxConcurrentTails: Int
    /// A poll stops reading chunks once this many lines matched (whole chunks, so a page may hold a little more).
    public var maxLinesPerPoll: Int
    /// A poll reads at most this many chunks (bounds the work of a filter that matches little).
    public var maxChunksPerPoll: Int
    /// Backlog lines (the newest) when the request gives neither `since` nor `limit`.
    public var defaultBacklogLines: Int
    /// Most backlog lines ever sent (`limit` above it, or 0, means this).
    public var maxBacklogLines: Int

    public init(pollInterval: Duration = .milliseconds(250), heartbeatInterval: Duration = .seconds(5),
                maxConcurrentTails: Int = 64, maxLinesPerPoll: Int = 5_000, maxChunksPerPoll: Int = 512,
                defaultBacklogLines: Int = 100, maxBacklogLines: Int = 10_000) {
        self.pollInterval = pollInterval
        self.heartbeatInterval = heartbeatInterval
        self.maxConcurrentTails = maxConcurrentTails
        self.maxLinesPerPoll = maxLinesPerPoll
        self.maxChunksPerPoll = maxChunksPerPoll
        self.defaultBacklogLines = defaultBacklogLines
        self.maxBacklogLines = maxBacklogLines
    }
}
