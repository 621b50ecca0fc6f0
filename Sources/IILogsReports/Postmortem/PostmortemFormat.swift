public import Foundation

/// `iilogs postmortem --format`: which renderer writes the report.
public enum PostmortemFormat: String, Sendable, CaseIterable {
    case text
    case md
    case html
    case json

    /// The usual file extension for `--out`.
    public var fileExtension: String {
        switch self {
        case .text: "txt"
        case .md: "md"
        case .html: "html"
        case .json: "json"
        }
    }

    /// The whole document for an instance report, ending with a newline.
    public func render(_ report: PostmortemReport, width: Int = 100) -> String {
        switch self {
        case .text: PostmortemTextRenderer(width: width).render(report)
        case .md: PostmortemMarkdownRenderer().render(report)
        case .html: PostmortemHTMLRenderer().render(report)
        case .json: PostmortemJSON.encode(report)
        }
    }

    /// The whole document for an image report, ending with a newline.
    public func render(_ report: ImagePostmortemReport, width: Int = 100) -> String {
        switch self {
        case .text: PostmortemTextRenderer(width: width).render(report)
        case .md: PostmortemMarkdownRenderer().render(report)
        case .html: PostmortemHTMLRenderer().render(report)
        case .json: PostmortemJSON.encode(report)
        }
    }
}

/// The JSON format: the report's `Codable` form, pretty-printed with sorted keys (stable bytes).
public enum PostmortemJSON {
    public static func encode(_ report: some Encodable) -> String {
        LogLineRenderer.encode(report, pretty: true) + "\n"
    }

    public static func decodeInstanceReport(_ data: Data) throws -> PostmortemReport {
        try JSONDecoder().decode(PostmortemReport.self, from: data)
    }

    public static func decodeImageReport(_ data: Data) throws -> ImagePostmortemReport {
        try JSONDecoder().decode(ImagePostmortemReport.self, from: data)
    }
}
