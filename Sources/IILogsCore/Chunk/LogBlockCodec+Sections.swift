/// Version-2 to version-5 encoding: the messages of a block grouped into per-app sections
/// (docs/CHUNK-FORMAT.md, ADR 010); versions 3 to 5 store each section as templates and typed variables
/// (ADR 012, ADR 013).
extension LogBlockCodec {
    /// Each section's apps, lengths, zlib stream and token filter; adds every section's tokens to `tokens`.
    static func messageSections(_ records: [LogRecord], meta: LogBlockBodyWriter, level: Int32, formatVersion: UInt8, deflateBlockPerPart: Bool,
                                templateDictionary: TemplateDictionary?, tokens allTokens: inout TokenHashSet) -> [LogBlockContainer.EncodedSection] {
        sectionPlan(records, appIndexes: meta.appIndexes, dictionaryCount: meta.dictionaryStrings.count).map { apps, lines in
            let messageBytes = lines.reduce(0) { $0 + records[$1].message.utf8.count }
            var text: [UInt8] = []  // version 2: the messages as they are
            var templates = formatVersion >= 3
                ? MessageTemplateWriter(expectedBytes: messageBytes, layout: formatVersion >= 4 ? .perShape : .perTemplate) : nil
            if templates == nil { text.reserveCapacity(messageBytes) }
            var tokens = TokenHashSet(minimumCapacity: lines.count * 2)
            for app in apps { Tokenizer.forEachIndexableTokenHash(in: meta.dictionaryStrings[app]) { tokens.insert($0) } }
            let appTokens = tokens
            for i in lines {
                // The message's bytes in place: a `var` copy of it cost a retain and release per line.
                let added: Void? = records[i].message.utf8.withContiguousStorageIfAvailable {
                    addMessage($0, templates: &templates, text: &text, tokens: &tokens)
                }
                if added == nil {  // a bridged string, made contiguous first
                    var message = records[i].message
                    message.withUTF8 { addMessage($0, templates: &templates, text: &text, tokens: &tokens) }
                }
            }
            if let templates { tokens.formUnion(templates.tokens) }
            allTokens.formUnion(tokens)
            var (stream, blockEnds) = templates?.finishWithBlockEnds() ?? (text, [])
            // Version 6: a templated section's filter holds its apps' and templates' text tokens only; every
            // token of a variable holds a digit, and readers ask the block's filter alone about those (ADR 016).
            var filterTokens = tokens
            if let templateDictionary, let templates, stream.first == MessageTemplates.shapedMode {
                (stream, blockEnds) = templateDictionary.referencing(stream, blockEnds: blockEnds)
                filterTokens = appTokens
                filterTokens.formUnion(templates.textTokens)
            }
            return LogBlockContainer.EncodedSection(apps: apps, inflatedLength: messageBytes, streamLength: stream.count,
                                                    compressed: Zlib.deflate(stream, level: level, blockEnds: deflateBlockPerPart ? blockEnds : []),
                                                    filter: TokenFilter(tokenHashes: filterTokens, bitsPerToken: TokenFilter.sectionBitsPerToken))
        }
    }

    /// Adds one message to its section: to the template writer (version 3, which derives the tokens as it
    /// splits), or as it is to `text` with its tokens (version 2).
    private static func addMessage(_ bytes: UnsafeBufferPointer<UInt8>, templates: inout MessageTemplateWriter?,
                                   text: inout [UInt8], tokens: inout TokenHashSet) {
        if templates != nil {
            templates?.append(bytes)
        } else {
            text.append(contentsOf: bytes)
            Tokenizer.forEachIndexableTokenHash(in: bytes) { tokens.insert($0) }
        }
    }

    /// Which apps' messages go together: each app with at least ``minSectionMessageBytes`` gets its own
    /// section (up to the limit), the rest share the last; apps in order of first use, lines in line order.
    private static func sectionPlan(_ records: [LogRecord], appIndexes: [Int], dictionaryCount: Int) -> [(apps: [Int], lines: [Int])] {
        var firstUse: [Int] = []
        var bytesOfApp = [Int](repeating: 0, count: dictionaryCount)
        var linesOfApp = [[Int]](repeating: [], count: dictionaryCount)
        for (i, app) in appIndexes.enumerated() {
            if linesOfApp[app].isEmpty { firstUse.append(app) }
            linesOfApp[app].append(i)
            bytesOfApp[app] += records[i].message.utf8.count
        }
        var plan: [(apps: [Int], lines: [Int])] = []
        var shared: (apps: [Int], lines: [Int]) = ([], [])
        for app in firstUse {
            if bytesOfApp[app] >= minSectionMessageBytes && plan.count < LogBlockContainer.maxSections - 1 {
                plan.append(([app], linesOfApp[app]))
            } else {
                shared.apps.append(app)
                shared.lines.append(contentsOf: linesOfApp[app])
            }
        }
        if !shared.apps.isEmpty {
            shared.lines.sort()
            plan.append(shared)
        }
        return plan
    }
}
