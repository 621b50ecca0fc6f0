import IILogsCore

/// Parses the StatsD line protocol: several lines per datagram (LF-separated, a trailing CR ignored),
/// each either a metric update or an event. Total: any bytes give a line or a typed error per line.
public struct StatsDParser: Sendable {
    /// Default ``maxLineBytes`` (`statsd.maxLineBytes`).
    public static let defaultMaxLineBytes = 4096
    /// Longest metric name.
    public static let maxNameBytes = 200
    /// Most tags on one line.
    public static let maxTags = 16

    /// Longer lines are refused with ``StatsDParseError/lineTooLong(length:limit:)``.
    public var maxLineBytes: Int

    public init(maxLineBytes: Int = Self.defaultMaxLineBytes) {
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Every non-empty line of `datagram`, parsed.
    public func parse(datagram: some Collection<UInt8>) -> [Result<StatsDLine, StatsDParseError>] {
        datagram.split(separator: 0x0A, omittingEmptySubsequences: true).compactMap { raw in
            var bytes = raw[...]
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            guard !bytes.isEmpty else { return nil }
            guard bytes.count <= maxLineBytes else { return .failure(.lineTooLong(length: bytes.count, limit: maxLineBytes)) }
            return parse(line: String(decoding: bytes, as: UTF8.self))
        }
    }

    /// One line, without its line break.
    public func parse(line: String) -> Result<StatsDLine, StatsDParseError> {
        guard line.utf8.count <= maxLineBytes else { return .failure(.lineTooLong(length: line.utf8.count, limit: maxLineBytes)) }
        if line.hasPrefix("_e{") { return .failure(.unsupported("a DogStatsD event (_e{…})")) }
        if line.hasPrefix("_sc|") { return .failure(.unsupported("a DogStatsD service check (_sc)")) }
        if line.hasPrefix("event:") { return Self.parseEvent(line.dropFirst("event:".count)) }
        guard let colon = line.firstIndex(of: ":") else { return .failure(.missingValue(line: String(line.prefix(64)))) }
        let name = String(line[..<colon])
        guard Self.isValidName(name) else { return .failure(.badName(String(name.prefix(64)))) }
        let sections = line[line.index(after: colon)...].split(separator: "|", omittingEmptySubsequences: false)
        guard sections.count >= 2, !sections[0].isEmpty else { return .failure(.missingValue(line: String(line.prefix(64)))) }
        let valueText = sections[0]
        let type = sections[1]
        var sampleRate = 1.0
        var tags: [LogField] = []
        for section in sections.dropFirst(2) {
            if section.hasPrefix("@") {
                guard let rate = Double(section.dropFirst()), rate > 0, rate <= 1 else { return .failure(.badSampleRate(String(section.prefix(32)))) }
                sampleRate = rate
            } else if section.hasPrefix("#") {
                switch Self.parseTags(section.dropFirst()) {
                case .success(let parsed): tags = parsed
                case .failure(let error): return .failure(error)
                }
            } else {
                return .failure(.unknownType(String(section.prefix(32))))
            }
        }
        let kind: StatsDMetric.Kind
        var value = 0.0
        switch type {
        case "c", "ms", "h", "d":
            guard let number = Double(valueText), number.isFinite else { return .failure(.badValue(String(valueText.prefix(32)))) }
            value = number
            kind = type == "c" ? .counter : .timer
        case "g":
            guard let number = Double(valueText), number.isFinite else { return .failure(.badValue(String(valueText.prefix(32)))) }
            value = number
            kind = .gauge(isDelta: valueText.hasPrefix("+") || valueText.hasPrefix("-"))
        case "s":
            kind = .set(member: String(valueText))
        default:
            return .failure(.unknownType(String(type.prefix(32))))
        }
        return .success(.metric(StatsDMetric(name: name, kind: kind, value: value, sampleRate: sampleRate, tags: tags)))
    }

    /// `A-Z a-z 0-9 . _ -`, 1–``maxNameBytes``.
    static func isValidName(_ name: some StringProtocol) -> Bool {
        !name.isEmpty && name.utf8.count <= maxNameBytes && name.utf8.allSatisfy(isNameByte)
    }

    static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x5F || c == 0x2D
    }

    /// `env:prod,canary` → `env=prod`, `canary=`; names as metric names plus `/`, values any text but `,` and `|`.
    static func parseTags(_ text: Substring) -> Result<[LogField], StatsDParseError> {
        var tags: [LogField] = []
        for tag in text.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = tag.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let name = parts[0]
            guard tags.count < maxTags, !name.isEmpty, name.utf8.count <= maxNameBytes,
                  name.utf8.allSatisfy({ isNameByte($0) || $0 == 0x2F }) else { return .failure(.badTag(String(tag.prefix(64)))) }
            tags.append(LogField(String(name), parts.count > 1 ? String(parts[1]) : ""))
        }
        return .success(tags)
    }

    /// `NAME|detail` or `NAME`; NAME as `iilogs-agent event` takes it (1–64 of a-z 0-9 . _ -).
    static func parseEvent(_ text: Substring) -> Result<StatsDLine, StatsDParseError> {
        let parts = text.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let name = String(parts[0])
        if let problem = ControlRequest.problem(withEventName: name) { return .failure(.badEvent(problem)) }
        return .success(.event(name: name, detail: parts.count > 1 ? String(parts[1]) : ""))
    }
}
