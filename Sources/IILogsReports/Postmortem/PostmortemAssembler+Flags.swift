import IILogsCore

extension PostmortemAssembler {
    /// The note when the data source cannot list flags (a collector without the quarantine API).
    public static let flagsUnavailableNote = "quarantine flags: not available from this data source"

    /// The instance's flags, oldest first, as the report shows them; a note when the source cannot tell.
    func flagEntries(of id: String, notes: inout [String]) async throws -> [QuarantineFlagEntry] {
        guard let flags = try await source.flags(instance: id) else {
            notes.append(Self.flagsUnavailableNote)
            return []
        }
        return flags.reversed().map(Self.flagEntry)
    }

    static func flagEntry(_ flag: APIFlag) -> QuarantineFlagEntry {
        var reason = flag.reason
        for run in flag.actionResults {
            let outcome = run.startError.map { "could not start: \($0)" }
                ?? (run.timedOut ? "timed out" : run.signal.map { "killed by signal \($0)" } ?? "exit \(run.exitStatus ?? -1)")
            reason += " [command \(run.argv.joined(separator: " ")): \(outcome)]"
        }
        let released = flag.releasedAt.map { "\($0): \(flag.releaseReason ?? "")" }
        return QuarantineFlagEntry(rule: flag.rule, action: flag.action, reason: reason, time: flag.time,
                                   evidence: flag.evidence.map { $0.kind == "log" ? "\($0.time) \($0.text)" : "\($0.time) [\($0.kind)] \($0.text)" },
                                   released: released)
    }
}
