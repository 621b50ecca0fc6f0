import IILogsCore
public import Logging
public import ServiceLifecycle
import UnixSignals

/// The whole agent: opens the spool, then runs one ``ServiceGroup`` of batcher, shipper, control
/// socket, sources and lifecycle.
///
/// ServiceGroup starts services in array order and shuts them down gracefully in reverse, waiting
/// for each. So the lifecycle service is last (but for the metrics sampler and StatsD listener, see
/// ``makeServices(spool:)``): on SIGTERM it goes first and records `terminating`,
/// drains and records `shutdown` while the sources still capture the instance's last lines and the
/// shipper still ships; then sources stop, the control socket closes, the batcher spools what the
/// sources read last, and the shipper — stopped after the batcher for that reason — drains everything
/// spooled (within the deadline). The spool is closed after the group, as a clean stop only when
/// nothing is left unacknowledged.
public struct Agent: Sendable {
    /// Builds the input sources given the sink (the batcher) and the checkpoint store (the spool).
    public typealias SourceFactory = @Sendable (any RecordSink, any CheckpointStore) -> [any Service]

    let settings: AgentSettings
    let logger: Logger
    let makeSources: SourceFactory

    /// An agent with `settings`; `makeSources` defaults to ``standardSources(settings:logger:)``.
    public init(settings: AgentSettings, logger: Logger, makeSources: SourceFactory? = nil) {
        self.settings = settings
        self.logger = logger
        self.makeSources = makeSources ?? Self.standardSources(settings: settings, logger: logger)
    }

    /// Extra time ServiceGroup allows beyond the drain deadline before it cancels everything.
    public static let shutdownGrace: Duration = .seconds(5)

    /// Opens the spool and runs until SIGTERM/SIGINT (graceful) or cancellation.
    /// `onStarted` receives the spool's stream ID once everything is assembled.
    public func run(onStarted: @Sendable (UInt64) -> Void = { _ in }) async throws {
        try settings.validate()
        let spool = try Spool(options: .init(directory: settings.spoolDirectory, maxBytes: settings.spoolMaxBytes,
                                             segmentBytes: settings.spoolSegmentBytes),
                              logger: logger.withSource("spool"))
        if let warning = settings.plainTextWarning { logger.warning("\(warning)") }
        let services = makeServices(spool: spool, tls: try settings.tls.map { try $0.connectorTLS(host: settings.collectorHost) })
        var configuration = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                                                      cancellationSignals: [], logger: logger)
        configuration.maximumGracefulShutdownDuration = settings.drainDeadline * 2 + Self.shutdownGrace
        onStarted(await spool.streamID)
        defer { logger.info("agent stopped") }
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            try? await spool.close(cleanStop: false)
            throw error
        }
        try await spool.closeAfterDrain()
    }

    /// The services in start order (see the type's comment for why).
    /// `tls` is the collector connection's TLS (built from `settings.tls` by ``run(onStarted:)``); nil = plain TCP.
    func makeServices(spool: Spool, tls: CollectorConnector.TLS? = nil) -> [ServiceGroupConfiguration.ServiceConfiguration] {
        let batcher = Batcher(options: .init(maxRecords: settings.batchMaxLines, maxBytes: settings.batchMaxBytes,
                                             flushInterval: settings.flushInterval, compressionLevel: settings.compressionLevel,
                                             instanceID: settings.identity.instanceID),
                              spool: spool, clock: ContinuousClock(), logger: logger.withSource("batcher"))
        let shipper = Shipper(options: .init(token: settings.token, identity: settings.identity, agentVersion: AgentSettings.agentVersion,
                                             maxInFlight: settings.maxInFlight,
                                             backoff: Backoff(minimum: settings.reconnectMinBackoff, maximum: settings.reconnectMaxBackoff),
                                             pingInterval: settings.pingInterval, ackTimeout: settings.ackTimeout,
                                             drainDeadline: settings.drainDeadline),
                              connector: CollectorConnector(host: settings.collectorHost, port: settings.collectorPort, tls: tls),
                              spool: spool, logger: logger.withSource("shipper"))
        let control = ControlServer(path: settings.effectiveControlSocketPath, batcher: batcher, spool: spool,
                                    bootID: settings.identity.bootID, logger: logger.withSource("control"))
        let lifecycle = LifecycleService(options: .init(bootID: settings.identity.bootID, uptime: SystemUptime.read(),
                                                        agentVersion: AgentSettings.agentVersion,
                                                        heartbeatInterval: settings.heartbeatInterval, drainDeadline: settings.drainDeadline),
                                         batcher: batcher, spool: spool, logger: logger.withSource("lifecycle"))
        typealias Config = ServiceGroupConfiguration.ServiceConfiguration
        var services: [Config] = [
            // The shipper before the batcher: on shutdown the batcher spools its last records first and the
            // shipper's drain then covers them.
            Config(service: shipper, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "shipper"),
            Config(service: batcher, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "batcher"),
            // A control socket that cannot bind is logged; the agent keeps shipping.
            Config(service: control, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore, serviceName: "control"),
        ]
        // Sources write through a counting sink (`agent.records_read`); metrics and StatsD run like sources.
        let counted = CountingSink(batcher)
        for (index, source) in makeSources(counted, spool).enumerated() {
            services.append(Config(service: source, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore,
                                   serviceName: "source-\(index)"))
        }
        services.append(Config(service: lifecycle, successTerminationBehavior: .gracefullyShutdownGroup,
                               failureTerminationBehavior: .gracefullyShutdownGroup, serviceName: "lifecycle"))
        if let watcher = interruptionWatcher(lifecycle: lifecycle) {
            services.append(Config(service: watcher, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore,
                                   serviceName: "interruption"))
        }
        // Metrics sampler and StatsD listener after the lifecycle: on SIGTERM they stop first, so the StatsD
        // listener's final flush reaches the batcher before `terminating` and is shipped within the drain.
        let statsdStats = StatsDStats()
        let counters = Self.counterSource(read: counted, batcher: batcher, spool: spool, shipper: shipper, statsd: statsdStats)
        for (name, service) in metricsServices(sink: counted, statsdStats: statsdStats, counters: counters) {
            services.append(Config(service: service, successTerminationBehavior: .ignore, failureTerminationBehavior: .ignore, serviceName: name))
        }
        return services
    }

    /// File tails, the syslog socket, the syslog UDP/TCP listeners and the journal, as named in `settings`.
    public static func standardSources(settings: AgentSettings, logger: Logger) -> SourceFactory {
        { sink, checkpoints in
            var sources: [any Service] = settings.tailPaths.map { path in
                FileTailSource(settings: FileTailSettings(path: path), sink: sink, checkpoints: checkpoints, logger: logger.withSource("tail"))
            }
            if let path = settings.syslogSocketPath {
                sources.append(SyslogSocketSource(path: path, sink: sink, logger: logger.withSource("syslog")))
            }
            let udp = settings.syslogUDP.flatMap(HostAndPort.init(parsing:))
            let tcp = settings.syslogTCP.flatMap(HostAndPort.init(parsing:))
            if udp != nil || tcp != nil {
                sources.append(SyslogNetworkSource(udp: udp, tcp: tcp, sink: sink, logger: logger.withSource("syslog")))
            }
            if settings.journald {
                sources.append(JournaldSource(settings: JournaldSettings(journalctlPath: settings.journalctlPath), sink: sink,
                                              checkpoints: checkpoints, logger: logger.withSource("journald")))
            }
            return sources
        }
    }
}

extension Logger {
    /// A copy with `component` metadata.
    func withSource(_ component: String) -> Logger {
        var copy = self
        copy[metadataKey: "component"] = "\(component)"
        return copy
    }
}
