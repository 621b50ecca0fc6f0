public import IILogsCore
public import Logging
import NIOCore
public import ServiceLifecycle

/// Gathers records from the sources into batches and spools each batch as one entry.
///
/// A batch is cut when it holds `maxRecords` records, `maxBytes` bytes of raw text, when its oldest
/// record is `flushInterval` old (checked by ``run()``), or on ``flush()``. Log lines are encoded once
/// here (``LogBlockCodec``) and the batch is encoded as a wire frame, so the shipper sends the spooled
/// bytes as they are. The buffer is bounded: while it is full and a cut is in progress, ``submit(_:checkpoint:)``
/// suspends (backpressure). Cuts are serialised so sequences follow record order and checkpoints never regress.
public actor Batcher<C: Clock>: RecordSink, Service where C.Duration == Duration {
    /// Cut triggers and encoding.
    public struct Options: Sendable {
        /// Records (lines, events, samples) per batch.
        public var maxRecords: Int
        /// Raw text bytes per batch.
        public var maxBytes: Int
        /// Longest time a record waits in the buffer.
        public var flushInterval: Duration
        /// zlib level for log blocks.
        public var compressionLevel: Int32
        /// The instance every batch belongs to.
        public var instanceID: String

        /// Creates options with the documented defaults.
        public init(maxRecords: Int = 10_000, maxBytes: Int = 1 << 20, flushInterval: Duration = .seconds(1),
                    compressionLevel: Int32 = 6, instanceID: String) {
            self.maxRecords = maxRecords
            self.maxBytes = maxBytes
            self.flushInterval = flushInterval
            self.compressionLevel = compressionLevel
            self.instanceID = instanceID
        }
    }

    /// Encodes a batch's log lines (defaults to ``LogBlockCodec/encode(_:compressionLevel:)``).
    public typealias LogEncoder = @Sendable ([LogRecord], Int32) -> EncodedLogBlock
    /// Encodes a whole batch as the bytes the shipper sends (defaults to a wire frame).
    public typealias FrameEncoder = @Sendable (Batch) -> [UInt8]

    let options: Options
    let spool: Spool
    let clock: C
    let logger: Logger
    let encodeLogs: LogEncoder
    let encodeFrame: FrameEncoder
    var buffer = BatchBuffer<C.Instant>()
    var cutInProgress = false
    var cutWaiters: [CheckedContinuation<Void, Never>] = []
    var spaceWaiters: [CheckedContinuation<Void, Never>] = []
    /// Batches spooled since start.
    public internal(set) var batchesSpooled = 0
    /// Records in the batches spooled since start.
    public internal(set) var recordsSpooled = 0

    /// Creates a batcher writing into `spool`.
    public init(options: Options, spool: Spool, clock: C, logger: Logger,
                encodeLogs: @escaping LogEncoder = { LogBlockCodec.encode($0, compressionLevel: $1) },
                encodeFrame: @escaping FrameEncoder = Batcher.wireFrame) {
        self.options = options
        self.spool = spool
        self.clock = clock
        self.logger = logger
        self.encodeLogs = encodeLogs
        self.encodeFrame = encodeFrame
    }

    /// The batch as one wire frame (``WireCodec``).
    public static func wireFrame(_ batch: Batch) -> [UInt8] {
        var bytes = ByteBuffer()
        WireCodec.encode(.batch(batch), into: &bytes)
        return Array(bytes.readableBytesView)
    }

    var isFull: Bool { buffer.count >= options.maxRecords || buffer.bytes >= options.maxBytes }

    /// Accepts a record; cuts a batch when a size trigger is reached; suspends while full.
    public func submit(_ record: Record, checkpoint: SourceCheckpoint?) async {
        while isFull {
            await withCheckedContinuation { spaceWaiters.append($0) }
        }
        buffer.add(record, checkpoint: checkpoint, now: clock.now)
        if isFull { await cut() }
    }

    /// Cuts whatever is buffered now; returns the spool's last sequence afterwards (what a flush must see acknowledged).
    @discardableResult
    public func flush() async -> UInt64 {
        await cut()
        return await spool.lastSequence
    }

    /// Cuts the buffer if its oldest record is due at `now` (within `slack` of `flushInterval`); true when it cut.
    @discardableResult
    public func cutIfDue(now: C.Instant, slack: Duration = .zero) async -> Bool {
        guard let oldest = buffer.oldest, oldest.advanced(by: options.flushInterval - slack) <= now else { return false }
        await cut()
        return true
    }

    /// Records waiting in the buffer.
    public var bufferedRecords: Int { buffer.count }
}
