/// What a mining run produced: templates in a deterministic order and the counters that say what was
/// left out.
public struct TemplateMinerResult: Codable, Sendable, Hashable {
    /// Most frequent first; ties by first seen, then by template text.
    public var templates: [LogTemplate]
    /// Messages mined (after folding stack traces).
    public var messages: Int
    /// Continuation lines folded into the message before them.
    public var foldedLines: Int
    /// Messages cut to ``TemplateMinerSettings/maxTokens`` tokens.
    public var truncatedMessages: Int
    /// Templates dropped to stay within ``TemplateMinerSettings/maxTemplates``, and their messages.
    public var evictedTemplates: Int
    public var evictedMessages: Int

    public init(templates: [LogTemplate], messages: Int, foldedLines: Int, truncatedMessages: Int, evictedTemplates: Int,
                evictedMessages: Int) {
        self.templates = templates
        self.messages = messages
        self.foldedLines = foldedLines
        self.truncatedMessages = truncatedMessages
        self.evictedTemplates = evictedTemplates
        self.evictedMessages = evictedMessages
    }
}
