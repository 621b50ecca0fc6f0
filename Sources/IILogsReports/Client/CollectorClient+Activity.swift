public import IILogsCore

extension CollectorClient {
    /// `GET /v1/activity?window=…&step=…`: lines and error lines per image version per step, oldest step first.
    public func activity(window: Duration, step: Duration) async throws(ClientError) -> APIActivityResponse {
        let items = [("window", DurationParser.format(window)), ("step", DurationParser.format(step))]
        return try await get("/v1/activity" + Self.queryString(items), as: APIActivityResponse.self)
    }
}
