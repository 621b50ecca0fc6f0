public import IILogsCore
public import IILogsStore
public import Logging
public import ServiceLifecycle

/// A whole collector: agent ingest and HTTP API over one store, run as one `Service`.
///
/// Used by `iilogs-collector` and in-process by `iilogs demo` and tests:
/// ```swift
/// let collector = Collector(settings: settings, store: store, logger: logger)
/// async let running: Void = collector.run()           // or put it in a ServiceGroup
/// let addresses = try await collector.addresses()     // once both listeners are bound
/// ```
/// Graceful shutdown stops both listeners, lets agent sessions finish the batch they are storing,
/// then closes the store (unless `closesStoreOnExit` is false).
public final class Collector: Service, Sendable {
    public let settings: CollectorSettings
    public let store: any LogStore
    /// Counters shared by ingest and `/v1/stats`.
    public let counters: CollectorCounters
    private let logger: Logger
    private let closesStoreOnExit: Bool
    private let onListening: (@Sendable (CollectorAddresses) -> Void)?
    private let bound = AsyncPromise<CollectorAddresses>()
    /// The rule engine fed by ingest (nil when `settings.rules` is nil).
    public let evaluator: RuleEvaluator?

    /// A collector over `store`; `onListening` is called once with both bound addresses.
    public init(settings: CollectorSettings, store: any LogStore, logger: Logger, closesStoreOnExit: Bool = true,
                onListening: (@Sendable (CollectorAddresses) -> Void)? = nil) {
        self.settings = settings
        self.store = store
        self.counters = CollectorCounters()
        self.logger = logger
        self.closesStoreOnExit = closesStoreOnExit
        self.onListening = onListening
        self.evaluator = settings.rules.map {
            RuleEvaluator(ruleFile: $0, logger: logger, registry: .init(store: store, collectorID: settings.collectorID))
        }
    }

    /// Both bound addresses (port 0 resolved), once listening; throws if `run()` ended before both were bound.
    public func addresses() async throws -> CollectorAddresses {
        try await bound.value()
    }

    /// Runs until graceful shutdown or cancellation.
    public func run() async throws {
        let httpBound = AsyncPromise<HostAndPort>()
        let ingest = AgentIngestServer(settings: settings, store: store, counters: counters, logger: logger, evaluator: evaluator)
        let app = CollectorHTTP.buildApplication(address: settings.httpListen, store: store, counters: counters,
                                                 lostAfter: settings.lostAfter, evaluator: evaluator, access: settings.apiAccess,
                                                 logger: logger, server: try CollectorHTTP.server(tls: settings.tls)) {
            httpBound.succeed($0)
        }
        logger.info("collector starting", metadata: ["collector": "\(settings.collectorID)"])
        for warning in settings.plainTextWarnings { logger.warning("\(warning)") }
        if settings.apiAccess.readToken == nil {
            if settings.httpListen.isLoopback {
                logger.notice("HTTP API has no read token: anyone on this host can read it (it listens on loopback only)")
            } else {
                logger.warning("HTTP API has no read token and listens on \(settings.httpListen): anyone who reaches it can read every log line; set --read-token-file")
            }
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        // Started first so that they stop last: flags raised while ingest drains are still handled.
        let webhooks = settings.webhooks.isEnabled
            ? try await WebhookDispatcher(settings: settings.webhooks, directory: settings.webhookDirectory, logger: logger) : nil
        if let webhooks { services.append(.init(service: webhooks)) }
        if let evaluator {
            let handler = FlagHandler(store: store, webhooks: webhooks, commands: CommandActions(settings: settings.actions), logger: logger)
            services.append(.init(service: RuleService(evaluator: evaluator, handler: handler, tickInterval: settings.rulesTickInterval)))
            services.append(.init(service: VerdictWatcher(evaluator: evaluator, webhooks: webhooks, commands: handler.commands,
                                                          interval: settings.verdictInterval, statePath: settings.verdictStatePath,
                                                          logger: logger)))
        }
        services.append(.init(service: RetentionService(settings: settings.retention, store: store, lostAfter: settings.lostAfter,
                                                        logger: logger)))
        services.append(.init(service: CompactionService(settings: settings.compaction, store: store, logger: logger,
                                                         counters: counters.compaction)))
        services += [.init(service: app), .init(service: ingest)]
        let syslog: SyslogIngestServer? = settings.syslogTCPListen == nil && settings.syslogUDPListen == nil && settings.syslogTLSListen == nil
            ? nil : SyslogIngestServer(settings: settings, store: store, counters: counters, logger: logger, evaluator: evaluator)
        if let syslog { services.append(.init(service: syslog)) }
        let group = ServiceGroup(configuration: .init(services: services, logger: logger))
        defer {
            let stopped = IngestServerError(message: "collector stopped")
            httpBound.fail(stopped)
            bound.fail(stopped)
        }
        try await withThrowingDiscardingTaskGroup { tasks in
            tasks.addTask { [bound, onListening] in
                guard let agents = try? await ingest.address(), let http = try? await httpBound.value() else { return }
                var addresses = CollectorAddresses(agents: agents, http: http)
                if let syslog {
                    // Either listener may be off (nil); a failed one ends this task without announcing.
                    do {
                        addresses.syslogTCP = try await syslog.tcpAddress()
                        addresses.syslogUDP = try await syslog.udpAddress()
                        addresses.syslogTLS = try await syslog.tlsAddress()
                    } catch {
                        return
                    }
                }
                bound.succeed(addresses)
                onListening?(addresses)
            }
            do {
                try await withGracefulShutdownHandler {
                    try await group.run()
                } onGracefulShutdown: {
                    Task { await group.triggerGracefulShutdown() }
                }
            } catch {
                httpBound.fail(error)
                await closeStore()
                throw error
            }
            httpBound.fail(IngestServerError(message: "collector stopped"))
            await closeStore()
        }
    }

    private func closeStore() async {
        guard closesStoreOnExit else { return }
        await store.close()
        logger.info("store closed")
    }
}

/// Where a running collector listens.
public struct CollectorAddresses: Sendable, Hashable, CustomStringConvertible {
    public var agents: HostAndPort
    public var http: HostAndPort
    /// Plain-syslog TCP listener, when configured.
    public var syslogTCP: HostAndPort?
    /// Plain-syslog UDP listener, when configured.
    public var syslogUDP: HostAndPort?
    /// Syslog-over-TLS listener, when configured.
    public var syslogTLS: HostAndPort?

    public init(agents: HostAndPort, http: HostAndPort, syslogTCP: HostAndPort? = nil, syslogUDP: HostAndPort? = nil) {
        self.agents = agents
        self.http = http
        self.syslogTCP = syslogTCP
        self.syslogUDP = syslogUDP
    }

    /// The line `iilogs-collector` prints once listening: `listening agents=HOST:PORT http=HOST:PORT`,
    /// followed by ` syslog-tcp=HOST:PORT` / ` syslog-udp=HOST:PORT` / ` syslog-tls=HOST:PORT` for the syslog
    /// listeners configured.
    public var description: String {
        var line = "listening agents=\(agents) http=\(http)"
        if let syslogTCP { line += " syslog-tcp=\(syslogTCP)" }
        if let syslogUDP { line += " syslog-udp=\(syslogUDP)" }
        if let syslogTLS { line += " syslog-tls=\(syslogTLS)" }
        return line
    }
}
