/// A post-mortem of an image version (`iilogs postmortem --image V`): its instances, the worst of them,
/// and the error templates that appeared with it and not with the previous image. Its `Codable` form is
/// the JSON output (keys are the property names).
public struct ImagePostmortemReport: Codable, Sendable, Hashable {
    public static let schemaID = "iilogs.postmortem.image/1"

    public var schema: String
    public var generatedAt: String
    public var dataSource: String
    public var image: String
    /// The image compared against; nil when there was none.
    public var previousImage: String?
    public var instances: ImageInstanceCounts
    /// Worst first.
    public var worstInstances: [WorstInstance]
    /// Error and warning templates of this image (all instances mined together).
    public var templates: TemplateMinerResult
    /// Templates of this image that the previous image's instances never logged (``TemplateDiff``).
    public var newTemplates: [LogTemplate]
    public var notes: [String]

    public init(generatedAt: String, dataSource: String, image: String, previousImage: String?, instances: ImageInstanceCounts,
                worstInstances: [WorstInstance], templates: TemplateMinerResult, newTemplates: [LogTemplate], notes: [String] = []) {
        self.schema = Self.schemaID
        self.generatedAt = generatedAt
        self.dataSource = dataSource
        self.image = image
        self.previousImage = previousImage
        self.instances = instances
        self.worstInstances = worstInstances
        self.templates = templates
        self.newTemplates = newTemplates
        self.notes = notes
    }
}

/// Instances of an image by state.
public struct ImageInstanceCounts: Codable, Sendable, Hashable {
    public var total: Int
    public var running: Int
    public var terminated: Int
    public var lost: Int
    public var quarantined: Int

    public init(total: Int, running: Int, terminated: Int, lost: Int, quarantined: Int) {
        self.total = total
        self.running = running
        self.terminated = terminated
        self.lost = lost
        self.quarantined = quarantined
    }
}

/// An instance ranked among the worst of its image, with the reasons for its score.
public struct WorstInstance: Codable, Sendable, Hashable {
    public var instance: String
    public var state: String
    /// Higher is worse; the assembler's scale, shown as given.
    public var score: Double
    public var reasons: [String]

    public init(instance: String, state: String, score: Double, reasons: [String]) {
        self.instance = instance
        self.state = state
        self.score = score
        self.reasons = reasons
    }
}
