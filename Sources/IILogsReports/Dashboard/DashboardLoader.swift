public import IILogsCore
import IILogsStore

/// Gathers one ``DashboardFrame`` from a collector or a data folder: images, per-image activity, open flags and,
/// from a collector with rules on, each shown image's verdict.
public struct DashboardLoader: Sendable {
    /// How far back the sparkline and the error rate look, and the length of one step (one sparkline column).
    public static let window: Duration = .seconds(30 * 60)
    public static let step: Duration = .seconds(60)
    /// Most images whose verdict is asked for per frame (one `GET /v1/images/V/health` each, most active first).
    public static let maxVerdicts = 20
    /// Most open flags read per frame (newest first).
    public static let maxFlags = 200

    public var source: any FleetDataSource
    /// Shown in the header: the collector's URL or the data folder.
    public var label: String

    public init(source: any FleetDataSource, label: String) {
        self.source = source
        self.label = label
    }

    public func load(now: Timestamp = .now()) async throws -> DashboardFrame {
        async let images = source.images()
        async let activity = source.activity(window: Self.window, step: Self.step)
        var notes: [String] = []
        let flags: [DashboardFrame.Flag]
        do {
            flags = try await openFlags()
        } catch {
            flags = []
            notes.append("flags unavailable: \(error)")
        }
        let imageList = try await images
        let activityAnswer = try await activity
        var frame = DashboardFrame.build(source: label, time: now, images: imageList, activity: activityAnswer, flags: flags)
        if let remote = source as? RemoteFleetDataSource {
            let (verdicts, note) = await Self.verdicts(client: remote.client, images: frame.images.prefix(Self.maxVerdicts).map(\.image))
            for index in frame.images.indices { frame.images[index].verdict = verdicts[frame.images[index].image] }
            if let note { notes.append(note) }
        }
        frame.notes = notes
        return frame
    }

    /// Open flags (quarantine and warn), newest first, at most ``maxFlags``.
    func openFlags() async throws -> [DashboardFrame.Flag] {
        if let remote = source as? RemoteFleetDataSource {
            return try await remote.client.quarantineFlags(all: true).prefix(Self.maxFlags).map(DashboardFrame.Flag.init)
        }
        if let local = source as? LocalFleetDataSource {
            return try await local.store.flags(FlagFilter(openOnly: true, limit: Self.maxFlags)).map { flag in
                DashboardFrame.Flag(time: flag.time, instance: flag.instanceID, image: flag.imageVersion, rule: flag.rule,
                                    action: flag.action, reason: flag.reason)
            }
        }
        return []
    }

    /// Verdicts by image; a collector without rules (503) answers none and a note says so.
    static func verdicts(client: CollectorClient, images: [String]) async -> ([String: String], String?) {
        var out: [String: String] = [:]
        for image in images {
            do {
                out[image] = try await client.health(image: image).verdict
            } catch where error.status == 503 {
                return (out, nil)
            } catch {
                return (out, "verdicts unavailable: \(error)")
            }
        }
        return (out, nil)
    }
}
