public import IILogsCore
import IILogsRules
public import IILogsStore

extension APIFlag {
    /// The API shape of a stored flag (its evidence and command runs decoded from their JSON columns).
    public init(_ flag: StoredFlag) {
        let evidence = (try? ActionJSON.decode([Evidence].self, from: Array(flag.evidenceJSON.utf8))) ?? []
        let runs = (try? ActionJSON.decode([CommandActions.Run].self, from: Array(flag.actionResultsJSON.utf8))) ?? []
        self.init(
            id: flag.id, instance: flag.instanceID, image: flag.imageVersion, rule: flag.rule, kind: flag.kind, action: flag.action,
            key: flag.key, time: RFC3339.format(flag.time), reason: flag.reason,
            evidence: evidence.map {
                APIFlagEvidence(kind: $0.kind.rawValue, time: RFC3339.format($0.time), text: $0.text, source: $0.ref.source, offset: $0.ref.offset)
            },
            releasedAt: flag.releasedAt.map(RFC3339.format), releaseReason: flag.releaseReason,
            actionResults: runs.map {
                APIFlagActionRun(argv: $0.argv, exitStatus: $0.result.exitStatus, signal: $0.result.signal, timedOut: $0.result.timedOut,
                                 output: $0.result.output, outputTruncated: $0.result.outputTruncated,
                                 durationMilliseconds: $0.result.durationMilliseconds, startError: $0.result.startError)
            })
    }
}
