public import IILogsCore
public import IILogsRules

/// The last verdict announced per image version, and which new verdicts are worth a notification:
/// the pure part of ``VerdictWatcher`` (no clock, no I/O).
///
/// - **First sight** of an image: a `degraded` or `failing` verdict is announced (no
///   `previous_verdict`); a `healthy` one is only remembered — a new image that is fine is no news.
/// - **Afterwards**: every change is announced, with `previous_verdict`.
/// - **An image missing from a pass** (its instances forgotten by the engine, or not yet seen again
///   after a collector restart) is not announced; its last verdict is kept, so a reappearance with the
///   same verdict is silent and a different one is a change. At most ``maxImages`` images are
///   remembered; beyond that the least recently seen are forgotten (a later sight is a first sight).
///
/// The notification id is `verdict-IMAGE-N`, N counting this image's announcements from 1; it is
/// Codable so the watcher can keep it across restarts (`DATA/verdicts.json`).
public struct VerdictChanges: Sendable, Hashable, Codable {
    /// What is remembered of one image.
    public struct Seen: Sendable, Hashable, Codable {
        /// The verdict at the last pass that saw the image.
        public var verdict: HealthVerdict
        /// Announcements made for this image so far (the N of the last `verdict-IMAGE-N`).
        public var announced: Int
        /// When a pass last saw the image.
        public var lastSeen: Timestamp

        public init(verdict: HealthVerdict, announced: Int, lastSeen: Timestamp) {
            self.verdict = verdict
            self.announced = announced
            self.lastSeen = lastSeen
        }
    }

    /// Images remembered by default (``maxImages``).
    public static let defaultMaxImages = 10_000

    /// Image version → what was last seen of it.
    public private(set) var images: [String: Seen] = [:]
    /// Images remembered at most; the least recently seen beyond this are forgotten.
    public var maxImages: Int

    public init(maxImages: Int = VerdictChanges.defaultMaxImages) {
        self.maxImages = maxImages
    }

    /// The state after a pass that judged `reports` at `now`, and the notifications to send for it, in
    /// image order. The caller keeps the returned state only once the notifications are queued, so a
    /// failed enqueue is retried with the same ids at the next pass.
    public func applying(_ reports: [ImageHealthReport], now: Timestamp) -> (next: VerdictChanges, notifications: [ActionNotification]) {
        var next = self
        var notifications: [ActionNotification] = []
        for report in reports.sorted(by: { $0.imageVersion < $1.imageVersion }) {
            let image = report.imageVersion
            let previous = images[image]
            var seen = previous ?? Seen(verdict: report.verdict, announced: 0, lastSeen: now)
            let announce = previous.map { $0.verdict != report.verdict } ?? (report.verdict != .healthy)
            if announce {
                seen.announced += 1
                notifications.append(Self.notification(report, previous: previous?.verdict, number: seen.announced, time: now))
            }
            seen.verdict = report.verdict
            seen.lastSeen = now
            next.images[image] = seen
        }
        if next.images.count > maxImages {
            let oldest = next.images.sorted { ($0.value.lastSeen, $0.key) < ($1.value.lastSeen, $1.key) }
            for (image, _) in oldest.prefix(next.images.count - maxImages) { next.images[image] = nil }
        }
        return (next, notifications)
    }

    /// The `image_verdict_changed` notification for `report`: reason = its reasons joined with "; ".
    public static func notification(_ report: ImageHealthReport, previous: HealthVerdict?, number: Int, time: Timestamp) -> ActionNotification {
        let reason = report.reasons.isEmpty
            ? "\(report.imageVersion) is \(report.verdict.rawValue): no finding at or above the health policy's limits"
            : report.reasons.joined(separator: "; ")
        return ActionNotification(kind: .imageVerdictChanged, id: "verdict-\(report.imageVersion)-\(number)", time: time,
                                  image: report.imageVersion, reason: reason, verdict: report.verdict.rawValue,
                                  previousVerdict: previous?.rawValue)
    }
}
