#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
public import Hummingbird

/// A JSON response with sorted keys (stable output for scripts and tests).
public struct JSONBody<Value: Encodable & Sendable>: ResponseGenerator, Sendable {
    public var value: Value
    public var status: HTTPResponse.Status

    public init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The response; an unencodable value becomes a 500 with a JSON error body.
    func response() -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        let status: HTTPResponse.Status
        do {
            data = try encoder.encode(value)
            status = self.status
        } catch {
            data = Data(#"{"error":{"code":"internal","message":"response could not be encoded"}}"#.utf8)
            status = .internalServerError
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
