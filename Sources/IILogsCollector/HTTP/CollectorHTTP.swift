public import Hummingbird
public import HummingbirdCore
public import IILogsCore
public import IILogsStore
public import Logging
import NIOCore

/// Builds the collector's HTTP API (docs/API.md): one router, one controller per resource.
public enum CollectorHTTP {
    /// The router with every route; usable without a server in tests.
    public static func buildRouter(store: any LogStore, counters: CollectorCounters, lostAfter: Duration,
                                   evaluator: RuleEvaluator? = nil, startedAt: Timestamp = .now(),
                                   access: APIAccess = APIAccess()) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: APIAccessMiddleware(access: access))  // first: it guards only routes added after it
        LogsController(store: store).addRoutes(to: router)
        TailController(store: store).addRoutes(to: router)
        InstancesController(store: store, lostAfter: lostAfter).addRoutes(to: router)
        ImagesController(store: store, lostAfter: lostAfter).addRoutes(to: router)
        MetricsController(store: store).addRoutes(to: router)
        StatsController(counters: counters, startedAt: startedAt, evaluator: evaluator).addRoutes(to: router)
        EventsController(store: store, lostAfter: lostAfter).addRoutes(to: router)
        TimelineController(store: store, lostAfter: lostAfter).addRoutes(to: router)
        QuarantineController(store: store, evaluator: evaluator, lostAfter: lostAfter).addRoutes(to: router)
        HealthController(store: store, evaluator: evaluator, lostAfter: lostAfter).addRoutes(to: router)
        ActivityController(store: store).addRoutes(to: router)
        return router
    }

    /// The application serving `address`; `onListening` receives the bound address (port 0 resolved).
    /// `server` is plain HTTP/1.1 unless given (``server(tls:)`` for TLS).
    public static func buildApplication(
        address: HostAndPort, store: any LogStore, counters: CollectorCounters, lostAfter: Duration,
        evaluator: RuleEvaluator? = nil, access: APIAccess = APIAccess(), logger: Logger, server: HTTPServerBuilder = .http1(),
        onListening: @escaping @Sendable (HostAndPort) -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = buildRouter(store: store, counters: counters, lostAfter: lostAfter, evaluator: evaluator, access: access)
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "iilogs-collector"),
            onServerRunning: { channel in
                onListening(AgentIngestServer.hostAndPort(channel.localAddress, fallback: address))
            },
            logger: logger)
    }
}
