/// JSON shapes of `GET /v1/activity` (docs/API.md): per-image lines and error lines per step.

/// One image version's counts, one value per step, oldest first.
public struct APIImageActivity: Codable, Sendable, Hashable {
    public var image: String
    public var lines: [Int]
    /// Lines of severity `err` or worse.
    public var errors: [Int]

    public init(image: String, lines: [Int], errors: [Int]) {
        self.image = image
        self.lines = lines
        self.errors = errors
    }
}

public struct APIActivityResponse: Codable, Sendable, Hashable {
    /// RFC 3339 start of the oldest step (inclusive).
    public var since: String
    /// RFC 3339 end of the newest step (exclusive).
    public var until: String
    /// Step length, e.g. `1m`.
    public var step: String
    /// Every known image version, by version.
    public var images: [APIImageActivity]

    public init(since: String, until: String, step: String, images: [APIImageActivity]) {
        self.since = since
        self.until = until
        self.step = step
        self.images = images
    }
}
