import IILogsCore
import IILogsRules

/// Rule files (YAML) through ``RuleFileLoader``: a ``RuleFile`` or a ``RuleFileError``, never a trap. A file
/// that loads keeps the loader's limits (rule count, unique names within the length limit), loads the same
/// a second time, and builds a ``RuleEngine``.
enum RuleFileFuzzer {
    static func run(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let file = try? RuleFileLoader.load(yaml: text) else { return }
        FuzzInvariant.check(file.rules.count <= RuleFileLoader.maxRules, "\(file.rules.count) rules loaded", target: .ruleFile)
        let names = file.rules.map(\.name)
        FuzzInvariant.check(Set(names).count == names.count, "duplicate rule names loaded: \(names)", target: .ruleFile)
        FuzzInvariant.check(names.allSatisfy { !$0.isEmpty && $0.count <= RuleFileLoader.maxNameLength },
                            "a rule name outside 1–\(RuleFileLoader.maxNameLength) characters: \(names)", target: .ruleFile)
        FuzzInvariant.check((try? RuleFileLoader.load(yaml: text)) == file, "the same text loaded differently", target: .ruleFile)
        _ = RuleEngine(ruleFile: file)
    }
}
