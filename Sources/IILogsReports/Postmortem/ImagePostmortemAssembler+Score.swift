public import IILogsCore

extension ImagePostmortemAssembler {
    /// What a state adds to an instance's score: an instance that vanished or was quarantined is worse
    /// than any error rate; one terminated without a clean goodbye is suspect.
    public static let lostPoints = 40.0
    public static let quarantinedPoints = 30.0
    public static let abnormalTerminationPoints = 20.0
    /// Points per distinct error template (at most ``maxTemplatePoints`` in all).
    public static let pointsPerErrorTemplate = 5.0
    public static let maxTemplatePoints = 50.0
    /// Events that end an instance cleanly.
    public static let cleanEndEvents: Set<String> = ["shutdown", "terminated"]

    /// An instance's score, higher is worse, with its reasons:
    ///
    ///     score = 100 × error lines / lines shipped        (error rate in %, severity err or worse)
    ///           + 5 × distinct error templates              (at most 50)
    ///           + 40 if lost, 30 if quarantined,
    ///             20 if terminated after a last event other than `shutdown` / `terminated`
    ///
    /// Error lines are those among the mined lines (the image's newest error and warning lines), so for a
    /// very noisy image the rate is a lower bound.
    public static func score(_ instance: APIInstance, errorLines: Int, errorTemplates: Int) -> (score: Double, reasons: [String]) {
        var score = 0.0
        var reasons: [String] = []
        let shipped = max(instance.delivery.lines, errorLines)
        if errorLines > 0, shipped > 0 {
            let rate = 100 * Double(errorLines) / Double(shipped)
            score += rate
            reasons.append("\(errorLines) error lines of \(shipped) (\(Markup.number(rate))%)")
        }
        if errorTemplates > 0 {
            score += min(pointsPerErrorTemplate * Double(errorTemplates), maxTemplatePoints)
            reasons.append("\(errorTemplates) distinct error template\(errorTemplates == 1 ? "" : "s")")
        }
        switch instance.state {
        case "lost":
            score += lostPoints
            reasons.append("lost: no terminating event, heartbeats stopped")
        case "quarantined":
            score += quarantinedPoints
            reasons.append("quarantined")
        case "terminated" where !cleanEndEvents.contains(instance.lastEvent ?? ""):
            score += abnormalTerminationPoints
            reasons.append("terminated without a clean shutdown (last event: \(instance.lastEvent ?? "none"))")
        default:
            break
        }
        return (score, reasons)
    }

    /// The worst ``Options/maxWorstInstances`` instances with a positive score, worst first (ties by ID).
    func worstInstances(_ instances: [APIInstance], lines: [APILogLine]) throws -> [WorstInstance] {
        let errors = Dictionary(grouping: lines.filter { (Severity(name: $0.severity) ?? .debug).isAtLeast(.error) }, by: \.instance)
        var ranked: [WorstInstance] = []
        for instance in instances {
            let own = errors[instance.instance] ?? []
            let templates = own.isEmpty ? 0
                : try TemplateMiner.mine(own.compactMap(PostmortemAssembler.templateLine), settings: options.minerSettings).templates.count
            let (score, reasons) = Self.score(instance, errorLines: own.count, errorTemplates: templates)
            if score > 0 { ranked.append(WorstInstance(instance: instance.instance, state: instance.state, score: score, reasons: reasons)) }
        }
        return Array(ranked.sorted { ($1.score, $0.instance) < ($0.score, $1.instance) }.prefix(options.maxWorstInstances))
    }
}
