import Hummingbird

/// Applies ``APIAccess`` before every route; refusals are the API's JSON errors.
struct APIAccessMiddleware<Context: RequestContext>: RouterMiddleware {
    let access: APIAccess

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let refusal = access.check(method: request.method, path: request.uri.path, authorization: request.headers[.authorization]) {
            throw refusal
        }
        return try await next(request, context)
    }
}
