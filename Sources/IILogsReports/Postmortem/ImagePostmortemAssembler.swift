public import IILogsCore
import IILogsStore

/// Fills an ``ImagePostmortemReport`` for one image version from a ``FleetDataSource``: instance counts by
/// state, the worst instances (``ImagePostmortemAssembler/score(_:errorLines:errorTemplates:)``), and the
/// error and warning templates that this image logged and the previous one did not.
///
/// The previous image is ``Options/previousImage`` when given, else the image first seen last before this
/// one (`first_seen` of `GET /v1/images`).
public struct ImagePostmortemAssembler: Sendable {
    public struct Options: Sendable {
        /// Compare with this image instead of the one first seen before.
        public var previousImage: String?
        /// Error and warning lines mined per image: the newest this many (the whole image, all instances).
        public var maxTemplateLines = 10_000
        /// Instances listed as the worst.
        public var maxWorstInstances = 10
        public var minerSettings = TemplateMinerSettings()
        public var now: Timestamp

        public init(now: Timestamp, previousImage: String? = nil) {
            self.now = now
            self.previousImage = previousImage
        }
    }

    public var source: any FleetDataSource
    public var sourceDescription: String
    public var options: Options

    public init(source: any FleetDataSource, sourceDescription: String, options: Options) {
        self.source = source
        self.sourceDescription = sourceDescription
        self.options = options
    }

    public func assemble(image: String) async throws -> ImagePostmortemReport {
        guard (1...1_000_000).contains(options.maxTemplateLines), options.maxWorstInstances >= 0 else {
            throw PostmortemAssemblerError(.invalidOptions, "maxTemplateLines must be 1-1000000 and maxWorstInstances at least 0")
        }
        try options.minerSettings.validate()
        let images = try await source.images()
        guard let this = images.first(where: { $0.image == image }) else {
            throw PostmortemAssemblerError(.unknownImage, "no image \(image) is known to the \(sourceDescription)"
                                           + " (known: \(images.map(\.image).sorted().joined(separator: ", ")))")
        }
        var notes: [String] = []
        let previous = options.previousImage ?? Self.previous(of: this, in: images)
        if let p = options.previousImage, !images.contains(where: { $0.image == p }) {
            notes.append("previous image \(p) is not known: every template counts as new")
        }

        let instances = try await source.instances(image: image, state: nil)
        let lines = try await problemLines(image, notes: &notes)
        let templates = try TemplateMiner.mine(lines.compactMap(PostmortemAssembler.templateLine), settings: options.minerSettings)
        let worst = try worstInstances(instances, lines: lines)

        var newTemplates: [LogTemplate] = []
        if let previous {
            let before = try await problemLines(previous, notes: &notes)
            let old = try TemplateMiner.mine(before.compactMap(PostmortemAssembler.templateLine), settings: options.minerSettings)
            newTemplates = TemplateDiff.onlyIn(templates.templates, notIn: old.templates)
        } else {
            notes.append("no image was seen before \(image): no new templates to show (give --previous to compare)")
        }
        return ImagePostmortemReport(generatedAt: RFC3339.format(options.now), dataSource: sourceDescription, image: image,
                                     previousImage: previous, instances: Self.counts(instances), worstInstances: worst,
                                     templates: templates, newTemplates: newTemplates, notes: notes)
    }

    /// The image first seen last before `image` (ties by name), if any.
    static func previous(of image: APIImage, in images: [APIImage]) -> String? {
        images.filter { $0.image != image.image && $0.firstSeen < image.firstSeen }
            .max { ($0.firstSeen, $0.image) < ($1.firstSeen, $1.image) }?.image
    }

    /// Instances by state; `terminating` counts as running (it is still shipping its last words).
    static func counts(_ instances: [APIInstance]) -> ImageInstanceCounts {
        func n(_ states: Set<String>) -> Int { instances.filter { states.contains($0.state) }.count }
        return ImageInstanceCounts(total: instances.count, running: n(["running", "terminating"]), terminated: n(["terminated"]),
                                   lost: n(["lost"]), quarantined: n(["quarantined"]))
    }

    /// The newest ``Options/maxTemplateLines`` error and warning lines of an image, oldest first.
    private func problemLines(_ image: String, notes: inout [String]) async throws -> [APILogLine] {
        let lines = try await source.logs(LogQuery(scope: .image(image), until: options.now.adding(nanoseconds: 1), minSeverity: .warning,
                                                   limit: options.maxTemplateLines, keep: .newest)).lines
        if lines.count >= options.maxTemplateLines {
            notes.append("\(image): only the newest \(options.maxTemplateLines) error and warning lines are mined"
                         + " (from \(lines.first?.time ?? "?")); counts are lower bounds")
        }
        return lines
    }
}
