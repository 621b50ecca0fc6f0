/// The tokens that stand for variable parts of a template.
///
/// Typed ones come from ``VariableMasker`` before mining; `<*>` is Drain's own, written where lines that
/// joined one template differed.
public enum TemplatePlaceholder: String, Sendable, CaseIterable {
    case any = "<*>"
    case number = "<NUM>"
    case ip = "<IP>"
    case hex = "<HEX>"
    case uuid = "<UUID>"
    case path = "<PATH>"
    case url = "<URL>"
    case duration = "<DURATION>"
    case string = "<STR>"

    /// True when `token` is exactly one placeholder.
    public static func isPlaceholder(_ token: some StringProtocol) -> Bool {
        token.first == "<" && token.last == ">" && TemplatePlaceholder(rawValue: String(token)) != nil
    }
}
