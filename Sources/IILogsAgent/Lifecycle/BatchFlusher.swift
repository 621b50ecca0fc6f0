/// A ``RecordSink`` that can cut its current batch on demand (the ``Batcher``).
public protocol BatchFlusher: RecordSink {
    /// Cuts and spools what is buffered; returns the spool's last sequence afterwards.
    func flush() async -> UInt64
}

extension Batcher: BatchFlusher {}
