public import IILogsCore

extension APIActivityResponse {
    /// The JSON shape of a store's answer to `query`.
    public init(_ activity: [ImageActivity], query: ActivityQuery) {
        self.init(since: RFC3339.format(query.since), until: RFC3339.format(query.until), step: DurationParser.format(query.step),
                  images: activity.map { APIImageActivity(image: $0.imageVersion, lines: $0.lines, errors: $0.errorLines) })
    }
}
