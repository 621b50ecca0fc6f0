import IILogsCore
import Logging
import ServiceLifecycle

extension Batcher {
    /// Timer loop: cuts batches whose oldest record reached `flushInterval`; flushes what is left on shutdown.
    public func run() async throws {
        let tick = Self.tick(for: options.flushInterval)
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await self.clock.sleep(for: tick)
                await self.cutIfDue(now: self.clock.now, slack: tick)
            }
        }
        await flush()
    }

    /// How often the timer looks at the buffer: an eighth of the flush interval, 10–250 ms.
    static func tick(for flushInterval: Duration) -> Duration {
        min(.milliseconds(250), max(.milliseconds(10), flushInterval / 8))
    }

    /// Takes the buffer and spools it as one batch; cuts run one at a time.
    func cut() async {
        await acquireCut()
        let taken = buffer
        buffer = BatchBuffer()
        let waiters = spaceWaiters
        spaceWaiters.removeAll()
        for waiter in waiters { waiter.resume() }
        if !taken.isEmpty { await spoolBatch(taken) }
        releaseCut()
    }

    private func acquireCut() async {
        if cutInProgress {
            await withCheckedContinuation { cutWaiters.append($0) }  // ownership is handed over on release
        } else {
            cutInProgress = true
        }
    }

    private func releaseCut() {
        if cutWaiters.isEmpty {
            cutInProgress = false
        } else {
            cutWaiters.removeFirst().resume()
        }
    }

    private func spoolBatch(_ taken: BatchBuffer<C.Instant>) async {
        let block = taken.logs.isEmpty ? nil : await Self.encode(taken.logs, level: options.compressionLevel, with: encodeLogs)
        let instanceID = options.instanceID
        let encodeFrame = self.encodeFrame
        let events = taken.events
        let metrics = taken.metrics
        do {
            let sequence = try await spool.append(recordCount: taken.count, checkpoints: taken.sortedCheckpoints) { sequence, dropped in
                encodeFrame(Batch(instanceID: instanceID, sequence: sequence, droppedRecords: dropped,
                                  logs: block, events: events, metrics: metrics))
            }
            batchesSpooled += 1
            recordsSpooled += taken.count
            logger.trace("batch spooled", metadata: ["sequence": "\(sequence)", "records": "\(taken.count)"])
        } catch {
            logger.error("batch could not be spooled; its records are counted as dropped",
                         metadata: ["records": "\(taken.count)", "error": "\(error)"])
        }
    }

    /// Compresses off the actor so submitters are not blocked by zlib.
    private nonisolated static func encode(_ logs: [LogRecord], level: Int32, with encoder: LogEncoder) async -> EncodedLogBlock {
        encoder(logs, level)
    }
}
