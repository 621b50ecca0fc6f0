import IILogsAgent
import IILogsCore
import IILogsTesting
import Testing

@Suite struct ControlServerTests {
    @Test func requestsParseAndValidate() throws {
        #expect(try ControlRequest(parsing: "event ready provisioned ok") == .event(name: "ready", detail: "provisioned ok"))
        #expect(try ControlRequest(parsing: "flush 1500") == .flush(timeout: .milliseconds(1500)))
        #expect(throws: ControlProtocolError.self) { try ControlRequest(parsing: "event Ready") }
        #expect(throws: ControlProtocolError.self) { try ControlRequest(parsing: "event " + String(repeating: "a", count: 65)) }
        #expect(throws: ControlProtocolError.self) { try ControlRequest(parsing: "flush soon") }
        #expect(throws: ControlProtocolError.self) { try ControlRequest(parsing: "reboot") }
        #expect(ControlRequest.event(name: "x", detail: "a\nb").line == "event x a b")
        #expect(try ControlRequest(parsing: ControlRequest.flush(timeout: .seconds(2)).line) == .flush(timeout: .seconds(2)))
    }

    @Test func eventIsSpooledAndFlushTimesOutWithoutACollector() async throws {
        let dir = try TemporaryDirectory(prefix: "control")
        defer { dir.remove() }
        let spool = try openTestSpool(dir.path)
        let batcher = Batcher(options: .init(instanceID: "i-1"), spool: spool, clock: ContinuousClock(), logger: spoolTestLogger,
                              encodeLogs: BatcherTests.fakeLogBlock, encodeFrame: BatcherTestFrame.encode)
        let path = dir.file("control.sock")
        let server = ControlServer(path: path, batcher: batcher, spool: spool, bootID: "b", logger: spoolTestLogger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            var reply: String?
            for _ in 0..<200 where reply == nil {  // the socket appears once the server has bound (bounded wait)
                reply = try? await ControlClient.send(.event(name: "ready", detail: "from test"), socketPath: path, timeout: .seconds(5))
                if reply == nil { try await Task.sleep(for: .milliseconds(10)) }
            }
            #expect(reply == "spooled sequence=1")
            await #expect(throws: ControlProtocolError.self) {
                try await ControlClient.send(.flush(timeout: .milliseconds(20)), socketPath: path, timeout: .seconds(5))
            }
            try await spool.acknowledge(1)
            #expect(try await ControlClient.send(.flush(timeout: .seconds(5)), socketPath: path, timeout: .seconds(10)) == "acknowledged sequence=1")
            group.cancelAll()
        }
        #expect(try await spool.entries(after: 0, limit: 10).isEmpty)
    }

    @Test func clientReportsAMissingAgent() async throws {
        let dir = try TemporaryDirectory(prefix: "control")
        defer { dir.remove() }
        await #expect(throws: ControlProtocolError.self) {
            try await ControlClient.send(.flush(timeout: .seconds(1)), socketPath: dir.file("none.sock"), timeout: .seconds(5))
        }
    }
}
