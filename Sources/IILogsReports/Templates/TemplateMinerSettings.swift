public import IILogsCore

/// Parameters of ``TemplateMiner`` (Drain, He et al. 2017). Defaults follow Drain3's, which are tuned for
/// system logs; every limit that bounds memory is named here.
public struct TemplateMinerSettings: Sendable, Hashable {
    /// Depth of the parse tree, counting the root and the token-count layer: `depth - 2` leading tokens
    /// route a line to its leaf. Default 4 (two leading tokens). At least 3.
    public var depth: Int = 4
    /// Share of positions (0…1) where a line must equal a template to join it. Default 0.4.
    /// `<*>` positions of the template do not count as equal (as in the paper).
    public var similarityThreshold: Double = 0.4
    /// Children per inner tree node; once full, further tokens route to the `<*>` child. Default 100.
    public var maxChildrenPerNode: Int = 100
    /// Templates kept at once. When a new one would exceed it, the least recently matched template is
    /// evicted and counted in ``TemplateMinerResult/evictedTemplates``. Default 1,000.
    public var maxTemplates: Int = 1_000
    /// Tokens of a line that are mined; the rest is cut and the line counted as truncated. Default 120.
    public var maxTokens: Int = 120
    /// Characters of a message kept as a template's example. Default 400.
    public var maxExampleCharacters: Int = 400
    /// Mask obvious variables (IPs, UUIDs, hex, numbers, paths, durations, URLs) with typed placeholders
    /// such as `<NUM>` before mining. Default true. When false only Drain's `<*>` appears.
    public var maskVariables: Bool = true
    /// Mask quoted strings (`"…"`, `'…'` that start a token) as `<STR>`. Default true.
    public var maskQuotedStrings: Bool = true
    /// Fold stack-trace continuation lines (Java `\tat …`, `Caused by:`, Python `  File "…"`) into the
    /// message that precedes them, so one trace counts once. Default true. See ``TraceFolder``.
    public var foldStackTraces: Bool = true
    /// Continuation lines kept with a folded trace (the rest are counted, not stored). Default 50.
    public var maxContinuationLines: Int = 50
    /// A continuation must arrive within this time of the previous line of its trace. Default 2 s.
    public var continuationWindow: Duration = .seconds(2)

    public init() {}

    /// Throws a ``SettingsError`` naming the first invalid key.
    public func validate() throws(SettingsError) {
        if depth < 3 { throw SettingsError(key: "templates.depth", problem: "must be at least 3, got \(depth)") }
        if !(similarityThreshold > 0 && similarityThreshold <= 1) {
            throw SettingsError(key: "templates.similarityThreshold", problem: "must be in (0, 1], got \(similarityThreshold)")
        }
        if maxChildrenPerNode < 2 {
            throw SettingsError(key: "templates.maxChildrenPerNode", problem: "must be at least 2, got \(maxChildrenPerNode)")
        }
        if maxTemplates < 1 { throw SettingsError(key: "templates.maxTemplates", problem: "must be at least 1, got \(maxTemplates)") }
        if maxTokens < 1 { throw SettingsError(key: "templates.maxTokens", problem: "must be at least 1, got \(maxTokens)") }
        if maxExampleCharacters < 1 {
            throw SettingsError(key: "templates.maxExampleCharacters", problem: "must be at least 1, got \(maxExampleCharacters)")
        }
        if maxContinuationLines < 0 {
            throw SettingsError(key: "templates.maxContinuationLines", problem: "must not be negative, got \(maxContinuationLines)")
        }
    }
}
