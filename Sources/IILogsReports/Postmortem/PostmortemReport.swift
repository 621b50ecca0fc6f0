/// Everything a post-mortem of one instance shows, filled by an assembler from the store or a collector
/// and drawn by the renderers (``PostmortemTextRenderer``, ``PostmortemMarkdownRenderer``,
/// ``PostmortemHTMLRenderer``). Its `Codable` form is the `--format json` output: keys are the property
/// names and ``schema`` names the version. Times are RFC 3339 strings (UTC), as in the HTTP API.
public struct PostmortemReport: Codable, Sendable, Hashable {
    public static let schemaID = "iilogs.postmortem.instance/1"

    public var schema: String
    /// When the report was made.
    public var generatedAt: String
    /// Where the data came from (`collector http://10.0.0.5:8080`, `data folder /var/lib/iilogs`).
    public var dataSource: String
    public var identity: PostmortemIdentity
    /// Lifecycle events in time order (boot, agent start, deploys, flags, terminating, lost).
    public var timeline: [TimelineEntry]
    /// Quarantine flags raised for the instance, with the lines that triggered them.
    public var flags: [QuarantineFlagEntry]
    /// How many lines before the end were asked for (`--lines`, default 200).
    public var lastLinesRequested: Int
    /// The last lines before the end, oldest first.
    public var lastLines: [ReportLogLine]
    /// Error and warning messages grouped into templates.
    public var templates: TemplateMinerResult
    /// Metric series around the end of life.
    public var metrics: [PostmortemMetricSeries]
    /// How the instance differed from its siblings of the same image; nil when it had none.
    public var siblings: SiblingComparison?
    /// What the assembler could not fill, or anything else the reader should know.
    public var notes: [String]

    public init(generatedAt: String, dataSource: String, identity: PostmortemIdentity, timeline: [TimelineEntry] = [],
                flags: [QuarantineFlagEntry] = [], lastLinesRequested: Int = 200, lastLines: [ReportLogLine] = [],
                templates: TemplateMinerResult = TemplateMinerResult(templates: [], messages: 0, foldedLines: 0, truncatedMessages: 0,
                                                                     evictedTemplates: 0, evictedMessages: 0),
                metrics: [PostmortemMetricSeries] = [], siblings: SiblingComparison? = nil, notes: [String] = []) {
        self.schema = Self.schemaID
        self.generatedAt = generatedAt
        self.dataSource = dataSource
        self.identity = identity
        self.timeline = timeline
        self.flags = flags
        self.lastLinesRequested = lastLinesRequested
        self.lastLines = lastLines
        self.templates = templates
        self.metrics = metrics
        self.siblings = siblings
        self.notes = notes
    }
}
