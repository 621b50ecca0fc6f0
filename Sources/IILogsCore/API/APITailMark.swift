/// The control line of `GET /v1/logs/tail` (docs/API.md): `{"tail":{"cursor":N,"time":"…"}}`.
///
/// Sent after the backlog, after every batch of followed lines and as a keep-alive when nothing else was
/// written for a while. Log lines never have a top-level `tail` key, so a reader tells them apart by it;
/// `cursor` resumes the stream without gap or repeat (`after=N`).
public struct APITailMark: Codable, Sendable, Hashable {
    public struct Mark: Codable, Sendable, Hashable {
        /// Every line up to this store position was sent; pass it as `after` to resume.
        public var cursor: Int64
        /// When the collector wrote the mark (RFC 3339).
        public var time: String

        public init(cursor: Int64, time: String) {
            self.cursor = cursor
            self.time = time
        }
    }

    public var tail: Mark

    public init(cursor: Int64, time: String) {
        self.tail = Mark(cursor: cursor, time: time)
    }
}
