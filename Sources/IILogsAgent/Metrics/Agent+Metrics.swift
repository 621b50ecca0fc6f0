import IILogsCore
import Logging
import ServiceLifecycle

extension Agent {
    /// The metrics sampler and the StatsD listener named in `settings.metrics`, writing into `sink`.
    /// `counters` gathers the agent's own counters for `agent.*`.
    func metricsServices(sink: any RecordSink, statsdStats: StatsDStats,
                         counters: @escaping MetricsSampler.CounterSource) -> [(name: String, service: any Service)] {
        let metrics = settings.metrics
        var services: [(name: String, service: any Service)] = []
        if let interval = metrics.interval {
            services.append(("metrics", MetricsSampler(options: .init(interval: interval, root: metrics.root), sink: sink, counters: counters,
                                                       logger: logger.withSource("metrics"))))
        }
        if metrics.statsdEnabled {
            let options = StatsDListener.Options(udp: metrics.statsdUDP.flatMap(HostAndPort.init(parsing:)), socketPath: metrics.statsdSocketPath,
                                                 flushInterval: metrics.statsdFlushInterval, maxLineBytes: metrics.statsdMaxLineBytes,
                                                 limits: .init(maxNames: metrics.statsdMaxNamesPerInterval,
                                                               maxTimerSamples: metrics.statsdMaxTimerSamples))
            services.append(("statsd", StatsDListener(options: options, sink: sink, bootID: settings.identity.bootID,
                                                      logger: logger.withSource("statsd"), stats: statsdStats)))
        }
        return services
    }

    /// Reads the counters the batcher, spool, shipper, the counting sink and the StatsD listener keep.
    static func counterSource(read: CountingSink, batcher: Batcher<ContinuousClock>, spool: Spool, shipper: Shipper,
                              statsd: StatsDStats) -> MetricsSampler.CounterSource {
        { @Sendable in
            var counters = AgentCounters()
            counters.recordsRead = read.recordsPassed
            counters.recordsSpooled = await batcher.recordsSpooled
            counters.batchesSpooled = await batcher.batchesSpooled
            counters.bufferedRecords = await batcher.bufferedRecords
            let shipping = shipper.statistics
            counters.batchesSent = shipping.batchesSent
            counters.batchesShipped = shipping.acknowledgements
            counters.connections = shipping.connections
            counters.connectionFailures = shipping.connectionFailures
            counters.ackTimeouts = shipping.ackTimeouts
            counters.droppedInStream = await spool.droppedRecords
            counters.spoolBytes = await spool.totalBytes
            counters.spoolUnacknowledgedEntries = await spool.unacknowledgedEntries
            for (reason, count) in await spool.droppedSinceOpen { counters.droppedByReason[reason] = Int(clamping: count) }
            let statsdCounts = statsd.snapshot
            let parseErrors = statsdCounts.parseErrors.values.reduce(0, +)
            if parseErrors > 0 { counters.droppedByReason["statsd_parse_error"] = parseErrors }
            if statsdCounts.droppedTooManyNames > 0 { counters.droppedByReason["statsd_too_many_names"] = statsdCounts.droppedTooManyNames }
            return counters
        }
    }
}
