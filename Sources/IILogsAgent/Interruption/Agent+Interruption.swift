import Logging

extension Agent {
    /// The notice watcher when `interruption.url` is set (validated before), else nil.
    func interruptionWatcher(lifecycle: LifecycleService) -> InterruptionWatcher? {
        let interruption = settings.interruption
        guard let text = interruption.url, let url = MetadataURL(parsing: text) else { return nil }
        let reader = MetadataNoticeReader(url: url, kind: interruption.kind, tokenTTL: interruption.tokenTTL,
                                          client: MetadataHTTPClient(timeout: interruption.requestTimeout))
        return InterruptionWatcher(settings: interruption, source: reader, logger: logger.withSource("interruption")) { notice in
            await lifecycle.recordInterruption(notice)
        }
    }
}
