import IILogsCore
import NIOCore
import NIOPosix

/// Sends one ``ControlRequest`` to a running agent's control socket and reads the reply.
public enum ControlClient {
    /// Sends `request`; returns the text after `ok`, throws the agent's `error` text or a connection problem.
    public static func send(_ request: ControlRequest, socketPath: String, timeout: Duration) async throws(ControlProtocolError) -> String {
        let reply: String?
        do {
            reply = try await withThrowingTaskGroup(of: String?.self) { group in
                group.addTask { try await exchange(request.line, socketPath: socketPath) }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
        } catch {
            throw ControlProtocolError("cannot talk to the agent at \(socketPath): \(error) (is `iilogs-agent run` running with this spool?)")
        }
        guard let reply else { throw ControlProtocolError("no reply from the agent at \(socketPath) within \(timeout)") }
        if reply == "ok" { return "" }
        if reply.hasPrefix("ok ") { return String(reply.dropFirst(3)) }
        if reply.hasPrefix("error ") { throw ControlProtocolError(String(reply.dropFirst(6))) }
        throw ControlProtocolError("unexpected reply from the agent: \(reply)")
    }

    private static func exchange(_ line: String, socketPath: String) async throws -> String? {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(unixDomainSocketPath: socketPath) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(ControlLineDecoder(maxLineBytes: ControlRequest.maxLineBytes)))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: line + "\n"))
            for try await reply in inbound { return reply }
            return nil
        }
    }
}
