public import IILogsCore
import IILogsStore

/// Fills a ``PostmortemReport`` for one instance from a ``FleetDataSource`` (a collector or a data folder).
///
/// It only composes the source's queries (instance, timeline, logs, metrics) and the pure template miner:
/// the same data and the same ``Options/now`` give the same report. What the source cannot give (no
/// metrics, no siblings, no quarantine flags) becomes a note, never an error; an unknown instance is a
/// ``PostmortemAssemblerError``. How each section is filled: docs/POSTMORTEM.md, "How reports are assembled".
public struct PostmortemAssembler: Sendable {
    public var source: any FleetDataSource
    /// Where the data came from, as the report prints it (`collector http://…`, `data folder /…`).
    public var sourceDescription: String
    public var options: Options

    public init(source: any FleetDataSource, sourceDescription: String, options: Options) {
        self.source = source
        self.sourceDescription = sourceDescription
        self.options = options
    }

    public func assemble(instance id: String) async throws -> PostmortemReport {
        try options.validate()
        try options.minerSettings.validate()
        guard let instance = try await source.instance(id) else {
            throw PostmortemAssemblerError(.unknownInstance, "no instance \(id) is known to the \(sourceDescription)")
        }
        var notes: [String] = []
        let timeline = try await source.timeline(id)
        if timeline == nil { notes.append("no timeline is stored for \(id)") }
        let identity = Self.identity(instance, timeline: timeline)
        let end = identity.end.flatMap(RFC3339.parse)
        // Queries end just after the end of life (exclusive bound), or at `now` while the instance lives.
        let until = (end ?? options.now).adding(nanoseconds: 1)

        let last = try await source.logs(LogQuery(scope: .instance(id), until: until, limit: options.lastLines, keep: .newest))
        if last.lines.isEmpty { notes.append("no log lines are stored for \(id)") }

        let problems = try await source.logs(LogQuery(scope: .instance(id), until: until, minSeverity: .warning,
                                                      limit: options.maxTemplateLines, keep: .newest))
        if problems.lines.count >= options.maxTemplateLines {
            notes.append("templates are mined from the newest \(options.maxTemplateLines) error and warning lines only"
                         + " (first mined: \(problems.lines.first?.time ?? "?"))")
        }
        let templates = try TemplateMiner.mine(problems.lines.compactMap(Self.templateLine), settings: options.minerSettings)

        let siblings = try await siblingIDs(of: instance, end: end ?? options.now)
        let metrics = try await metricSection(id: id, siblings: siblings, end: end ?? options.now, notes: &notes)
        var comparison: SiblingComparison?
        if siblings.isEmpty {
            notes.append("no other instance of image \(instance.image) to compare with")
        } else {
            let siblingTemplates = try await siblingTemplates(siblings, until: until)
            comparison = SiblingComparison(siblingCount: siblings.count,
                                           uniqueTemplates: TemplateDiff.onlyIn(templates.templates, notIn: siblingTemplates),
                                           metricsOutsideRange: metrics.compactMap(Self.deviation))
        }
        let flags = try await flagEntries(of: id, notes: &notes)
        if identity.end == nil {
            notes.append("\(id) is \(identity.state): the report runs up to \(RFC3339.format(options.now))")
        }
        return PostmortemReport(generatedAt: RFC3339.format(options.now), dataSource: sourceDescription, identity: identity,
                                timeline: Self.timelineEntries(timeline, limit: options.maxTimelineEntries), flags: flags,
                                lastLinesRequested: options.lastLines, lastLines: last.lines.map(Self.reportLine),
                                templates: templates, metrics: metrics, siblings: comparison, notes: notes)
    }

    static func reportLine(_ line: APILogLine) -> ReportLogLine {
        ReportLogLine(time: line.time, severity: line.severity, app: line.app, message: line.message)
    }

    /// The miner's view of an API line; nil when its time or severity does not parse.
    static func templateLine(_ line: APILogLine) -> TemplateLine? {
        guard let time = RFC3339.parse(line.time), let severity = Severity(name: line.severity) else { return nil }
        return TemplateLine(time: time, severity: severity, app: line.app, message: line.message)
    }
}
