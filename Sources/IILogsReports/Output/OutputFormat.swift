/// How the CLI prints results: aligned text for people, JSON or JSON Lines for scripts.
public enum OutputFormat: String, Sendable, CaseIterable {
    case text
    case json
    case jsonl
}
