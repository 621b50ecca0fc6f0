import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A cloud metadata endpoint on 127.0.0.1 for tests of the agent's interruption-notice polling. It
/// speaks both protocols the agent knows:
/// - AWS: `PUT /latest/api/token` (needs `X-aws-ec2-metadata-token-ttl-seconds`) returns a token;
///   `GET /latest/meta-data/spot/instance-action` answers 401 without that token (when
///   ``requireToken`` is set), 404 while no notice is set, else 200 with `{"action":…,"time":…}`;
/// - GCP: `GET /computeMetadata/v1/instance/preempted` answers 403 without `Metadata-Flavor: Google`,
///   else `TRUE` or `FALSE`.
/// Every request is recorded (`METHOD PATH`) for assertions.
public final class FakeMetadataServer: Sendable {
    /// The token handed out.
    public static let token = "fake-imds-token"
    /// The AWS notice path.
    public static let awsPath = "/latest/meta-data/spot/instance-action"
    /// The GCP notice path.
    public static let gcpPath = "/computeMetadata/v1/instance/preempted"

    struct State {
        var awsNotice: (action: String, time: String)?
        var gcpPreempted = false
        var requireToken = true
        var failNextRequests = 0
        var requests: [String] = []
    }

    let box: StateBox
    let channel: any Channel

    /// `http://127.0.0.1:PORT` + the AWS path.
    public var awsURL: String { "http://127.0.0.1:\(port)\(Self.awsPath)" }
    /// `http://127.0.0.1:PORT` + the GCP path.
    public var gcpURL: String { "http://127.0.0.1:\(port)\(Self.gcpPath)" }
    /// The bound port.
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Starts a server on 127.0.0.1 with a kernel-chosen port.
    public static func start() async throws -> FakeMetadataServer {
        let box = StateBox()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(box: box))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return FakeMetadataServer(box: box, channel: channel)
    }

    init(box: StateBox, channel: any Channel) {
        self.box = box
        self.channel = channel
    }

    /// Sets (or with nil clears) the AWS instance action.
    public func setAWSNotice(action: String?, time: String = "2026-11-23T17:02:00Z") {
        box.state.withLock { $0.awsNotice = action.map { ($0, time) } }
    }

    /// Sets the GCP preempted flag.
    public func setGCPPreempted(_ preempted: Bool) { box.state.withLock { $0.gcpPreempted = preempted } }

    /// Whether the AWS notice needs the IMDSv2 token (default true).
    public func setRequireToken(_ required: Bool) { box.state.withLock { $0.requireToken = required } }

    /// The next `count` requests get 500.
    public func failNext(_ count: Int) { box.state.withLock { $0.failNextRequests = count } }

    /// Requests so far, `METHOD PATH`.
    public var requests: [String] { box.state.withLock { $0.requests } }

    /// Closes the listener.
    public func stop() async { try? await channel.close() }

    /// Reaches the shared state from the event loop.
    final class StateBox: Sendable {
        let state = Mutex(State())

        func respond(method: HTTPMethod, path: String, headers: HTTPHeaders) -> (HTTPResponseStatus, String) {
            state.withLock { state in
                state.requests.append("\(method.rawValue) \(path)")
                if state.failNextRequests > 0 {
                    state.failNextRequests -= 1
                    return (.internalServerError, "fail")
                }
                switch (method, path) {
                case (.PUT, "/latest/api/token"):
                    guard headers.first(name: "X-aws-ec2-metadata-token-ttl-seconds") != nil else { return (.badRequest, "") }
                    return (.ok, FakeMetadataServer.token)
                case (.GET, FakeMetadataServer.awsPath):
                    if state.requireToken, headers.first(name: "X-aws-ec2-metadata-token") != FakeMetadataServer.token {
                        return (.unauthorized, "")
                    }
                    guard let notice = state.awsNotice else { return (.notFound, "") }
                    return (.ok, #"{"action": "\#(notice.action)", "time": "\#(notice.time)"}"#)
                case (.GET, FakeMetadataServer.gcpPath):
                    guard headers.first(name: "Metadata-Flavor") == "Google" else { return (.forbidden, "") }
                    return (.ok, state.gcpPreempted ? "TRUE" : "FALSE")
                default:
                    return (.notFound, "")
                }
            }
        }
    }

    final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let box: StateBox
        init(box: StateBox) { self.box = box }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else { return }
            let (status, body) = box.respond(method: head.method, path: head.uri, headers: head.headers)
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "\(body.utf8.count)")
            headers.add(name: "Connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
        }
    }
}
