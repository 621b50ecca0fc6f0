import Hummingbird
import IILogsCore
import IILogsStore

/// `GET /v1/images`: image versions with instance counts by state.
struct ImagesController: Sendable {
    let store: any LogStore
    let lostAfter: Duration

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/v1/images") { _, _ in try await self.list() }
    }

    func list() async throws(APIError) -> JSONBody<APIImagesResponse> {
        do {
            return JSONBody(APIImagesResponse(images: try await store.images(at: .now(), lostAfter: lostAfter).map(APIImage.init)))
        } catch {
            throw .store(error)
        }
    }
}
