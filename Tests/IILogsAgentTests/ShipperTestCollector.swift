import IILogsCore
import NIOCore
import NIOPosix
import Synchronization

/// A tiny collector for shipper tests on 127.0.0.1, port 0: welcomes, stores (deduplicating by
/// sequence) and acks batches; per connection a script can refuse it, drop it mid-stream, or go silent
/// (a black hole: the connection stays open, frames are read, nothing is answered).
final class ShipperTestCollector: Sendable {
    enum Behaviour: Sendable {
        /// Welcome and ack everything.
        case normal
        /// Answer the hello with this refusal.
        case refuse(RefusalCode)
        /// Welcome, ack `ackCount` batches, then close without acking the next one.
        case dropAfter(ackCount: Int)
        /// Never answer the hello; keep the connection open.
        case silentHello
        /// Welcome, ack `ackCount` batches, then read on without storing or answering; keep the connection open.
        case silentAfter(ackCount: Int)
    }

    struct State {
        var script: [Behaviour]
        var connections = 0
        var hellos: [Hello] = []
        var stored: [UInt64: Int] = [:]  // sequence → times stored (must stay 1)
        var received: [UInt64] = []
        var maxContiguousStored: UInt64 = 0
        /// Lifecycle event names of stored batches, in arrival order.
        var eventNames: [String] = []
        /// Log lines of stored batches.
        var logLines = 0
    }

    let state: Mutex<State>
    let server: NIOAsyncChannel<NIOAsyncChannel<WireMessage, WireMessage>, Never>
    var port: Int { server.channel.localAddress?.port ?? 0 }

    init(script: [Behaviour]) async throws {
        state = Mutex(State(script: script))
        server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(WireMessageDecoder()))
                    try channel.pipeline.syncOperations.addHandler(MessageToByteHandler(WireMessageEncoder()))
                    return try NIOAsyncChannel<WireMessage, WireMessage>(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Serves connections until the task is cancelled.
    func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            try await server.executeThenClose { connections in
                for try await connection in connections {
                    group.addTask { try? await self.serve(connection) }
                }
            }
        }
    }

    private func serve(_ connection: NIOAsyncChannel<WireMessage, WireMessage>) async throws {
        let behaviour = state.withLock { state -> Behaviour in
            state.connections += 1
            return state.script.isEmpty ? .normal : state.script.removeFirst()
        }
        try await connection.executeThenClose { inbound, outbound in
            var acked = 0
            for try await message in inbound {
                switch message {
                case .hello(let hello):
                    state.withLock { $0.hellos.append(hello) }
                    if case .silentHello = behaviour { continue }
                    if case .refuse(let code) = behaviour {
                        try await outbound.write(.refuse(Refusal(code: code, message: "test refusal")))
                        return
                    }
                    let stored = state.withLock { $0.maxContiguousStored }
                    try await outbound.write(.welcome(Welcome(collectorVersion: "test", lastStoredSequence: stored, maxFrameBytes: 8 << 20)))
                case .batch(let batch):
                    if case .dropAfter(let count) = behaviour, acked >= count { return }
                    if case .silentAfter(let count) = behaviour, acked >= count { continue }
                    state.withLock { state in
                        state.received.append(batch.sequence)
                        if state.stored[batch.sequence] == nil {
                            state.stored[batch.sequence] = 1
                            state.eventNames += batch.events.map(\.name.rawValue)
                            state.logLines += Int(batch.logs?.summary.lineCount ?? 0)
                        }
                        while state.stored[state.maxContiguousStored + 1] != nil { state.maxContiguousStored += 1 }
                    }
                    try await outbound.write(.ack(Ack(sequence: batch.sequence)))
                    acked += 1
                default:
                    break
                }
            }
        }
    }
}
