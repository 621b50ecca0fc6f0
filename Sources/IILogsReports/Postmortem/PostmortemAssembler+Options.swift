public import IILogsCore

extension PostmortemAssembler {
    /// What an instance report covers. Every limit bounds the work one report may ask of the data source.
    public struct Options: Sendable {
        /// Lines shown before the end (`--last`): the newest N, oldest first.
        public var lastLines = 200
        /// Metric series cover this long before the end of life (or before `now` while running).
        public var metricWindow: Duration = .seconds(30 * 60)
        /// Metric series are folded into steps of this length (`avg`); siblings are folded the same way so
        /// their points line up.
        public var metricStep: Duration = .seconds(30)
        /// Error and warning lines mined into templates: the newest this many of the instance's life.
        public var maxTemplateLines = 10_000
        /// Sibling instances of the same image compared against (templates and metric band).
        public var maxSiblings = 5
        /// Error and warning lines mined per sibling (the newest before the instance's end).
        public var maxSiblingTemplateLines = 2_000
        /// Timeline entries kept (the last ones when there are more).
        public var maxTimelineEntries = 500
        public var minerSettings = TemplateMinerSettings()
        /// The clock: the end of the window while the instance is still running, and `generatedAt`.
        public var now: Timestamp

        public init(now: Timestamp) {
            self.now = now
        }

        /// Throws when a limit is out of range, naming the option.
        public func validate() throws(PostmortemAssemblerError) {
            func check(_ ok: Bool, _ message: String) throws(PostmortemAssemblerError) {
                if !ok { throw PostmortemAssemblerError(.invalidOptions, message) }
            }
            try check((1...100_000).contains(lastLines), "lastLines must be 1-100000, got \(lastLines)")
            try check(metricWindow > .zero, "metricWindow must be positive, got \(metricWindow)")
            try check(metricStep > .zero && metricStep <= metricWindow, "metricStep must be positive and at most metricWindow")
            try check((1...1_000_000).contains(maxTemplateLines), "maxTemplateLines must be 1-1000000, got \(maxTemplateLines)")
            try check((0...100).contains(maxSiblings), "maxSiblings must be 0-100, got \(maxSiblings)")
            try check((1...1_000_000).contains(maxSiblingTemplateLines), "maxSiblingTemplateLines must be 1-1000000")
            try check(maxTimelineEntries >= 1, "maxTimelineEntries must be at least 1")
        }
    }
}
