#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import IILogsRules
public import IILogsStore
public import Logging

/// What happens to a new flag: stored (a quarantine also marks the instance `quarantined`), sent to the
/// webhooks as an `instance_flagged` notification, and given to the command actions, whose runs are
/// recorded on the stored flag.
public struct FlagHandler: Sendable {
    public let store: any LogStore
    public let webhooks: WebhookDispatcher?
    public let commands: CommandActions
    let logger: Logger

    public init(store: any LogStore, webhooks: WebhookDispatcher?, commands: CommandActions, logger: Logger) {
        self.store = store
        self.webhooks = webhooks
        self.commands = commands
        self.logger = logger
    }

    /// The flag as the store keeps it (evidence as a JSON array of ``Evidence``).
    public static func stored(_ flag: Flag) -> StoredFlag {
        let evidence = (try? ActionJSON.encode(flag.evidence)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return StoredFlag(instanceID: flag.instanceID, imageVersion: flag.imageVersion, rule: flag.rule, kind: flag.kind.rawValue,
                          action: flag.action.rawValue, key: flag.key, time: flag.time, reason: flag.reason, evidenceJSON: evidence)
    }

    /// The webhook body and command environment for a stored flag.
    public static func notification(_ flag: Flag, id: Int64) -> ActionNotification {
        let reason = flag.key.isEmpty ? flag.reason : "\(flag.key): \(flag.reason)"
        return ActionNotification(kind: .instanceFlagged, id: "flag-\(flag.instanceID)-\(id)", time: flag.time,
                                  instanceID: flag.instanceID, image: flag.imageVersion, rule: flag.rule,
                                  action: flag.action.rawValue, reason: reason, evidence: flag.evidence.map(\.text))
    }

    /// Stores the flags in one transaction, then runs each stored flag's actions in order; failures are
    /// logged (the flags stay in the engine's state).
    public func handle(_ flags: [Flag]) async {
        guard !flags.isEmpty else { return }
        let results: [Result<Int64, StoreError>]
        do {
            results = try await store.recordFlags(flags.map(Self.stored))
        } catch {
            logger.error("rules: cannot store flags", metadata: ["flags": "\(flags.count)", "error": "\(error)"])
            return
        }
        for (flag, result) in zip(flags, results) {
            await act(on: flag, storedAs: result)
        }
    }

    private func act(on flag: Flag, storedAs result: Result<Int64, StoreError>) async {
        var logger = logger
        logger[metadataKey: "instance"] = "\(flag.instanceID)"
        logger[metadataKey: "rule"] = "\(flag.rule)"
        let id: Int64
        switch result {
        case .success(let stored):
            id = stored
        case .failure(let error):
            logger.error("rules: cannot store flag", metadata: ["error": "\(error)"])
            return
        }
        logger.notice("instance flagged", metadata: ["action": "\(flag.action.rawValue)", "reason": "\(flag.reason)", "flag": "\(id)"])
        let notification = Self.notification(flag, id: id)
        if let webhooks {
            do {
                try await webhooks.enqueue(notification)
            } catch {
                logger.error("rules: cannot queue webhook notification", metadata: ["error": "\(error)"])
            }
        }
        guard commands.isEnabled else { return }
        let runs = await commands.run(for: notification)
        do {
            let json = String(decoding: try ActionJSON.encode(runs), as: UTF8.self)
            try await store.setFlagActionResults(id: id, json: json)
        } catch {
            logger.error("rules: cannot record command results", metadata: ["error": "\(error)"])
        }
    }
}
