internal import FoundationEssentials
package import IILogsCore

/// The JSON text every store keeps labels and event fields in (shared by the SQLite and PostgreSQL stores).
package enum StoreJSON {
    /// Sorted keys; `{}` when empty.
    package static func labelsJSON(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let data = try? encoder.encode(labels) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    package static func labels(fromJSON json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }

    /// `[[name, value], …]`: keeps order and repeated names.
    package static func fieldsJSON(_ fields: [LogField]) -> String {
        guard !fields.isEmpty else { return "[]" }
        guard let data = try? JSONEncoder().encode(fields.map { [$0.name, $0.value] }) else { return "[]" }
        return String(decoding: data, as: UTF8.self)
    }

    package static func fields(fromJSON json: String) -> [LogField] {
        let pairs = (try? JSONDecoder().decode([[String]].self, from: Data(json.utf8))) ?? []
        return pairs.compactMap { $0.count == 2 ? LogField($0[0], $0[1]) : nil }
    }
}
