/// Compares template sets mined apart (an instance against its siblings, an image against the previous one).
///
/// Templates mined from different streams put `<*>` in different places, so equal text is too strict: a
/// template of A counts as present in B when some template of B has the same number of tokens and, at
/// every position, the same token or `<*>` on either side. Typed placeholders (`<NUM>`) only match
/// themselves or `<*>`.
public enum TemplateDiff {
    /// The templates of `a` that nothing in `b` matches, in `a`'s order.
    public static func onlyIn(_ a: [LogTemplate], notIn b: [LogTemplate]) -> [LogTemplate] {
        var byLength: [Int: [[Substring]]] = [:]
        for t in b {
            let tokens = t.tokens
            byLength[tokens.count, default: []].append(tokens)
        }
        return a.filter { t in
            let tokens = t.tokens
            return !(byLength[tokens.count] ?? []).contains { compatible(tokens, $0) }
        }
    }

    /// True when two templates of equal length agree at every position, `<*>` matching anything.
    public static func compatible(_ x: [Substring], _ y: [Substring]) -> Bool {
        guard x.count == y.count else { return false }
        let any = TemplatePlaceholder.any.rawValue
        return zip(x, y).allSatisfy { $0 == $1 || $0 == any || $1 == any }
    }
}
