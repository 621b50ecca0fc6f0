public import IILogsCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CommandActionSettings {
    /// Parses a command given on the command line: a JSON array of strings (`["sh","-c","…"]`), or
    /// words separated by spaces with no quoting (`/usr/local/bin/standby --now`). Quotes, `$` and
    /// backslashes are refused in the plain form so nothing is silently taken literally: use the JSON form.
    public static func argv(parsing text: String, key: String) throws(SettingsError) -> [String] {
        let trimmed = text.trimmingSpaces()
        if trimmed.hasPrefix("[") {
            guard let argv = try? ActionJSON.decode([String].self, from: Array(trimmed.utf8)), !argv.isEmpty, !argv[0].isEmpty else {
                throw SettingsError(key: key, problem: "must be a JSON array of strings naming a program first, got '\(text)'")
            }
            return argv
        }
        if trimmed.contains(where: { $0 == "\"" || $0 == "'" || $0 == "$" || $0 == "\\" }) {
            throw SettingsError(key: key, problem: "has quotes, '$' or '\\'; no shell reads it: give a JSON array such as '[\"sh\",\"-c\",\"…\"]', got '\(text)'")
        }
        let words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { throw SettingsError(key: key, problem: "must name a program") }
        return words
    }
}

/// Reads a secret from a file (`--webhook-secret-file`), without trailing spaces or newlines.
public enum SecretFile {
    public static func read(_ path: String) throws(ActionFileError) -> String {
        guard let bytes = try ActionFiles.read(path) else {
            throw ActionFileError(path: path, operation: "read", code: ENOENT)
        }
        return String(decoding: bytes, as: UTF8.self).trimmingSpaces()
    }
}

extension String {
    /// Without leading and trailing spaces, tabs, CR and LF.
    func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
