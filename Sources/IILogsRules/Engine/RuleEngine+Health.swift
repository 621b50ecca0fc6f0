public import IILogsCore

extension RuleEngine {
    /// The image's instances as the engine tracks them, for ``ImageHealthAnalyzer``: counts since each
    /// instance was first tracked, and the last ``EngineLimits/healthSamplesPerMetric`` samples of each
    /// key metric. An instance is lost when silent for the first `heartbeat_missing` rule's `after`
    /// (``EngineLimits/defaultLostAfter`` without one) with no terminating event.
    public func healthInput(image: String, now: Timestamp) -> ImageHealthInput {
        let lostAfter = rules.heartbeats.first?.limit ?? limits.defaultLostAfter.totalNanoseconds
        var instances: [InstanceHealth] = []
        for track in tracks.values where track.imageVersion == image {
            let state: InstanceHealth.State
            if track.quarantined {
                state = .quarantined
            } else if track.endingAt != nil {
                state = .terminated
            } else if now.nanosecondsSinceEpoch &- track.lastSeen >= lostAfter {
                state = .lost
            } else {
                state = .alive
            }
            instances.append(InstanceHealth(instanceID: track.instanceID, state: state, lines: track.lines, errorLines: track.errorLines,
                                            crashes: track.crashes, metrics: track.healthSamples.mapValues(\.values)))
        }
        instances.sort { $0.instanceID < $1.instanceID }
        return ImageHealthInput(imageVersion: image, instances: instances)
    }

    /// The image versions of the tracked instances, sorted.
    public var imageVersions: [String] { Set(tracks.values.map(\.imageVersion)).sorted() }
}
