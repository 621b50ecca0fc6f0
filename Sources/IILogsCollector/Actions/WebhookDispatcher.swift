import IILogsCore
public import Logging
public import ServiceLifecycle

/// Delivers notifications to webhook endpoints: a `Service` over the durable ``WebhookOutbox``.
///
/// ```swift
/// let webhooks = try await WebhookDispatcher(settings: settings.webhooks, directory: "\(data)/webhooks", logger: logger)
/// // in the ServiceGroup: .init(service: webhooks)
/// try await webhooks.enqueue(notification)   // returns once the notification is on disk
/// ```
/// Each endpoint has its own worker that delivers its pending notifications oldest first, one at a
/// time: a POST of the notification's JSON signed with the endpoint's secret (docs/WEBHOOKS.md).
/// A 2xx removes it for that endpoint; anything else is retried after a jittered exponential
/// backoff (``RetryPolicy``) until `maxAttempts` or `maxAge`. A slow or dead endpoint delays only
/// its own queue. Graceful shutdown lets an in-flight POST finish (bounded by `requestTimeout`) and
/// stops; what is pending stays in the outbox for the next start (at least once).
public final class WebhookDispatcher: Service, Sendable {
    struct Endpoint: Sendable {
        var url: WebhookURL
        var key: String
        var secret: String
        var kinds: Set<ActionNotification.Kind>
        var wakeups: AsyncStream<Void>
        var wake: AsyncStream<Void>.Continuation
    }

    public let settings: WebhookSettings
    public let counters: WebhookCounters
    public let outbox: WebhookOutbox
    private let endpoints: [Endpoint]
    private let transport: any WebhookTransport
    private let logger: Logger
    private let random: @Sendable () -> Double

    /// Opens the outbox in `directory` (created if missing). Throws `SettingsError` for invalid
    /// settings (an https URL among them) and `ActionFileError` when the folder is unusable.
    public init(settings: WebhookSettings, directory: String, logger: Logger, counters: WebhookCounters = WebhookCounters(),
                transport: (any WebhookTransport)? = nil,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) async throws {
        try settings.validate()
        let urls = try settings.parsedURLs()
        self.settings = settings
        self.counters = counters
        self.logger = logger
        self.random = random
        self.transport = transport ?? HTTPWebhookTransport(client: HTTPPostClient(
            connectTimeout: settings.connectTimeout, requestTimeout: settings.requestTimeout,
            maxResponseBytes: settings.maxResponseBytes))
        self.endpoints = zip(settings.endpoints, urls).map { endpoint, url in
            let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            return Endpoint(url: url, key: url.description, secret: endpoint.secret, kinds: endpoint.kinds,
                            wakeups: stream, wake: continuation)
        }
        self.outbox = try await WebhookOutbox(directory: directory, endpoints: urls.map(\.description),
                                              maxQueuedNotifications: settings.maxQueuedNotifications,
                                              maxDeliveryLogBytes: settings.maxDeliveryLogBytes, counters: counters)
    }

    /// Queues `notification` for every endpoint that wants its kind; returns once it is durable.
    @discardableResult
    public func enqueue(_ notification: ActionNotification) async throws -> WebhookOutbox.EnqueueResult {
        let targets = endpoints.filter { $0.kinds.contains(notification.kind) }
        let result = try await outbox.enqueue(notification, endpoints: targets.map(\.key), now: .now())
        if case .queued(let dropped) = result, dropped > 0 {
            logger.warning("webhook outbox full: dropped the oldest notifications",
                           metadata: ["dropped": "\(dropped)", "max": "\(settings.maxQueuedNotifications)"])
        }
        for target in targets { target.wake.yield() }
        return result
    }

    /// Runs one worker per endpoint until graceful shutdown or cancellation (with no endpoint it
    /// just waits, so it never ends a service group early).
    public func run() async throws {
        if endpoints.isEmpty {
            try? await gracefulShutdown()
            return
        }
        await withDiscardingTaskGroup { group in
            for endpoint in endpoints {
                group.addTask { await self.work(endpoint) }
            }
        }
        for endpoint in endpoints { endpoint.wake.finish() }
    }

    private func work(_ endpoint: Endpoint) async {
        var wakeups = endpoint.wakeups.cancelOnGracefulShutdown().makeAsyncIterator()
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            guard let pending = await outbox.next(for: endpoint.key) else {
                guard await wakeups.next() != nil else { return }
                continue
            }
            guard await deliver(pending, to: endpoint) else { return }
        }
    }

    /// Delivers one notification until acknowledged or given up; false when shutdown interrupted a backoff.
    private func deliver(_ pending: WebhookOutbox.Pending, to endpoint: Endpoint) async -> Bool {
        let notification = pending.notification
        let id = notification.id
        let policy = settings.retry
        let body: [UInt8]
        do {
            body = try ActionJSON.encode(notification)
        } catch {
            await finish(id, endpoint, .gaveUp, attempt: 0, error: "cannot encode: \(error)")
            return true
        }
        let signature = WebhookSignature.headerValue(secret: endpoint.secret, body: body)
        var state = DeliveryState(queuedAt: pending.queuedAt)
        while await outbox.isPending(id, for: endpoint.key) {
            let started = Timestamp.now()
            if state.isExpired(at: started, policy: policy) {
                await finish(id, endpoint, .gaveUp, attempt: state.attempts, error: "older than maxAge before this attempt")
                return true
            }
            let headers: [(String, String)] = [
                ("Content-Type", "application/json"),
                ("User-Agent", "iilogs-collector/\(CollectorVersion.current)"),
                (WebhookSignature.signatureHeader, signature),
                (WebhookSignature.deliveryHeader, id),
                (WebhookSignature.eventHeader, notification.kind.rawValue),
                (WebhookSignature.timestampHeader, RFC3339.format(started)),
            ]
            let clockStart = ContinuousClock.now
            let outcome = await transport.send(endpoint.url, body: body, headers: headers)
            let milliseconds = (ContinuousClock.now - clockStart).totalNanoseconds / 1_000_000
            let decision = state.record(outcome, at: .now(), policy: policy, random: random())
            var entry = DeliveryLogEntry(id: id, endpoint: endpoint.key, attempt: state.attempts, time: started,
                                         durationMilliseconds: milliseconds, outcome: .retry)
            switch outcome {
            case .status(let code): entry.status = code
            case .failed(let message): entry.error = message
            }
            if !outcome.isSuccess { counters.update { $0.failedAttempts += 1 } }
            switch decision {
            case .acknowledged:
                entry.outcome = .acknowledged
                await record(entry)
                await markDone(id, endpoint, .acknowledged)
                counters.update { $0.acknowledged += 1 }
                return true
            case .giveUp(let reason):
                entry.outcome = .gaveUp
                entry.error = [entry.error, reason].compactMap { $0 }.joined(separator: "; ")
                await record(entry)
                await markDone(id, endpoint, .gaveUp)
                counters.update { $0.gaveUp += 1 }
                logger.warning("webhook given up", metadata: ["id": "\(id)", "endpoint": "\(endpoint.key)", "reason": "\(reason)"])
                return true
            case .retry(let wait):
                await record(entry)
                logger.debug("webhook attempt failed; retrying",
                             metadata: ["id": "\(id)", "endpoint": "\(endpoint.key)", "attempt": "\(state.attempts)",
                                        "wait": "\(wait)"])
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                } catch {
                    return false
                }
            }
        }
        return true
    }

    private func finish(_ id: String, _ endpoint: Endpoint, _ outcome: DeliveryOutcome, attempt: Int, error: String) async {
        await record(DeliveryLogEntry(id: id, endpoint: endpoint.key, attempt: attempt, time: .now(), error: error,
                                      durationMilliseconds: 0, outcome: outcome))
        await markDone(id, endpoint, outcome)
        if outcome == .gaveUp { counters.update { $0.gaveUp += 1 } }
    }

    private func record(_ entry: DeliveryLogEntry) async {
        do {
            try await outbox.log(entry)
        } catch {
            logger.error("cannot write the webhook delivery log", metadata: ["error": "\(error)"])
        }
    }

    /// Marks `id` done for `endpoint`; on a file error waits `minBackoff` (the notification stays
    /// pending and will be sent again: at least once, never a busy loop).
    private func markDone(_ id: String, _ endpoint: Endpoint, _ outcome: DeliveryOutcome) async {
        do {
            try await outbox.finish(id, endpoint: endpoint.key, outcome: outcome)
        } catch {
            logger.error("cannot write the webhook outbox", metadata: ["error": "\(error)"])
            try? await Task.sleep(for: settings.retry.minBackoff)
        }
    }
}
