public import IILogsCore
import IILogsRules

extension CollectorSettings {
    /// Sets ``rules`` from the YAML rule file at `path` (`--rules FILE`). A file that cannot be read or
    /// is invalid throws with the key `--rules` and a problem naming the rule and field
    /// (`rules[5] (disk-nearly-full): rules[5].for: "5 minutes" is not a duration … (line 61)`).
    public mutating func loadRules(file path: String) throws(SettingsError) {
        let bytes: [UInt8]?
        do {
            bytes = try ActionFiles.read(path)
        } catch {
            throw SettingsError(key: "--rules", problem: "cannot read \(path): \(error)")
        }
        guard let bytes else { throw SettingsError(key: "--rules", problem: "no file \(path)") }
        do {
            rules = try RuleFileLoader.load(yaml: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw SettingsError(key: "--rules", problem: "\(path): \(error.description)")
        }
    }

    /// Turns the rules off (`--no-rules`): no flags, no health verdicts, no log decoding after commit.
    public mutating func disableRules() {
        rules = nil
    }

    /// Where ``VerdictWatcher`` keeps the last verdict announced per image: `DATA/verdicts.json`.
    public var verdictStatePath: String { dataDirectory + "/verdicts.json" }
}
