public import IILogsCore

/// Groups log messages into templates with Drain (He, Zhu, Zheng, Lyu: "Drain: An Online Log Parsing
/// Approach with Fixed Depth Tree", ICWS 2017).
///
/// Each message is masked (``VariableMasker``), split into tokens and routed down a tree of fixed depth:
/// root → token count → the first `depth - 2` tokens (tokens with digits, and tokens beyond
/// ``TemplateMinerSettings/maxChildrenPerNode`` children, go to a `<*>` child). The leaf holds templates;
/// the message joins the most similar one (share of equal positions, `<*>` not counting; ties go to the
/// template with more `<*>`, then the older one) when the similarity reaches
/// ``TemplateMinerSettings/similarityThreshold``, turning the positions that differ into `<*>`.
/// Otherwise it starts a new template. At most ``TemplateMinerSettings/maxTemplates`` are kept (the least
/// recently matched is evicted and counted).
///
/// Feed lines in time order with ``add(_:)``; ``finish()`` returns the templates. Pure and deterministic:
/// the same lines give the same output.
public struct TemplateMiner: Sendable {
    public let settings: TemplateMinerSettings

    private struct Node: Sendable {
        var children: [String: Int] = [:]
        var clusters: [Int] = []
    }

    private struct Cluster: Sendable {
        var tokens: [String]
        var leaf: Int
        var count = 0
        var firstSeen: Timestamp
        var lastSeen: Timestamp
        var lastUsed = 0
        var app: String
        var example: String
        var exampleContinuation: [String]
        var severities = [Int](repeating: 0, count: 8)
    }

    private var nodes = [Node()]
    private var clusters: [Int: Cluster] = [:]
    private var nextID = 0
    private var clock = 0
    private var folder: TraceFolder
    private var messages = 0
    private var truncated = 0
    private var evicted = 0
    private var evictedMessages = 0

    /// Throws when the settings are invalid.
    public init(settings: TemplateMinerSettings = TemplateMinerSettings()) throws(SettingsError) {
        try settings.validate()
        self.settings = settings
        self.folder = TraceFolder(settings: settings)
    }

    /// Adds one line (continuations of a stack trace are folded into the message before them).
    public mutating func add(_ line: TemplateLine) {
        if let event = folder.add(line) { mine(event) }
    }

    public mutating func add(_ lines: some Sequence<TemplateLine>) {
        for line in lines { add(line) }
    }

    /// Mines the pending message and returns every template, most frequent first. More lines may be added after.
    public mutating func finish() -> TemplateMinerResult {
        if let event = folder.flush() { mine(event) }
        let templates = clusters.values.map { c in
            LogTemplate(template: c.tokens.joined(separator: " "), count: c.count, firstSeen: RFC3339.format(c.firstSeen),
                        lastSeen: RFC3339.format(c.lastSeen), app: c.app, example: c.example,
                        exampleContinuation: c.exampleContinuation,
                        severities: Dictionary(uniqueKeysWithValues: c.severities.enumerated().compactMap { i, n in
                            n == 0 ? nil : (Severity(rawValue: UInt8(i))!.name, n)
                        }))
        }.sorted { a, b in
            if a.count != b.count { return a.count > b.count }
            if a.firstSeen != b.firstSeen { return a.firstSeen < b.firstSeen }
            return a.template < b.template
        }
        return TemplateMinerResult(templates: templates, messages: messages, foldedLines: folder.foldedLines,
                                   truncatedMessages: truncated, evictedTemplates: evicted, evictedMessages: evictedMessages)
    }

    /// Convenience: mines `lines` with `settings` in one call.
    public static func mine(_ lines: some Sequence<TemplateLine>,
                            settings: TemplateMinerSettings = TemplateMinerSettings()) throws(SettingsError) -> TemplateMinerResult {
        var miner = try TemplateMiner(settings: settings)
        miner.add(lines)
        return miner.finish()
    }

    private mutating func mine(_ event: TemplateEvent) {
        var tokens = VariableMasker.tokens(event.miningText, maskVariables: settings.maskVariables,
                                           maskQuotedStrings: settings.maskQuotedStrings)
        if tokens.count > settings.maxTokens {
            tokens.removeLast(tokens.count - settings.maxTokens)
            truncated += 1
        }
        messages += 1
        clock += 1
        let leaf = route(tokens)
        let id: Int
        if let match = bestMatch(tokens, in: nodes[leaf].clusters) {
            id = match
            var c = clusters[id]!
            for i in c.tokens.indices where c.tokens[i] != tokens[i] { c.tokens[i] = TemplatePlaceholder.any.rawValue }
            clusters[id] = c
        } else {
            if clusters.count >= settings.maxTemplates { evictLeastRecentlyUsed() }
            id = nextID
            nextID += 1
            clusters[id] = Cluster(tokens: tokens, leaf: leaf, firstSeen: event.head.time, lastSeen: event.lastTime,
                                   app: event.head.app, example: String(event.head.message.prefix(settings.maxExampleCharacters)),
                                   exampleContinuation: event.continuation)
            nodes[leaf].clusters.append(id)
        }
        clusters[id]!.count += 1
        clusters[id]!.lastUsed = clock
        clusters[id]!.severities[Int(event.severity.rawValue)] += 1
        clusters[id]!.firstSeen = min(clusters[id]!.firstSeen, event.head.time)
        clusters[id]!.lastSeen = max(clusters[id]!.lastSeen, event.lastTime)
    }

    /// Walks (and grows) the tree to the leaf for `tokens`, as Drain3's `add_seq_to_prefix_tree`.
    private mutating func route(_ tokens: [String]) -> Int {
        var node = child(of: 0, key: String(tokens.count))
        let wildcard = TemplatePlaceholder.any.rawValue
        for token in tokens.prefix(settings.depth - 2) {
            if let next = nodes[node].children[token] {
                node = next
                continue
            }
            let children = nodes[node].children
            if token.contains(where: \.isNumber) {
                node = child(of: node, key: wildcard)
            } else if children[wildcard] != nil {
                node = children.count < settings.maxChildrenPerNode ? child(of: node, key: token) : children[wildcard]!
            } else if children.count + 1 < settings.maxChildrenPerNode {
                node = child(of: node, key: token)
            } else {
                node = child(of: node, key: wildcard)
            }
        }
        return node
    }

    /// The child of `node` under `key`, created when missing.
    private mutating func child(of node: Int, key: String) -> Int {
        if let existing = nodes[node].children[key] { return existing }
        nodes.append(Node())
        nodes[node].children[key] = nodes.count - 1
        return nodes.count - 1
    }

    /// The most similar template of the same length at or above the threshold.
    private func bestMatch(_ tokens: [String], in candidates: [Int]) -> Int? {
        var best: (id: Int, similarity: Double, params: Int)?
        let wildcard = TemplatePlaceholder.any.rawValue
        for id in candidates {
            guard let c = clusters[id], c.tokens.count == tokens.count else { continue }
            var equal = 0
            var params = 0
            for (t, u) in zip(c.tokens, tokens) {
                if t == wildcard { params += 1 } else if t == u { equal += 1 }
            }
            let similarity = tokens.isEmpty ? 1 : Double(equal) / Double(tokens.count)
            if let b = best, (similarity, params) <= (b.similarity, b.params) { continue }
            best = (id, similarity, params)
        }
        guard let best, best.similarity >= settings.similarityThreshold else { return nil }
        return best.id
    }

    private mutating func evictLeastRecentlyUsed() {
        guard let victim = clusters.min(by: { ($0.value.lastUsed, $0.key) < ($1.value.lastUsed, $1.key) }) else { return }
        clusters[victim.key] = nil
        nodes[victim.value.leaf].clusters.removeAll { $0 == victim.key }
        evicted += 1
        evictedMessages += victim.value.count
    }
}
