import DubanCore
import Foundation
import Hummingbird

/// `GET /v1/assignments`: who leads and who is responsible for what (`AssignmentService`).
struct AssignmentRoutes: Sendable {
    let service: AssignmentService

    init(database: AppDatabase) {
        service = AssignmentService(database: database)
    }

    func register(on routes: APIRoutes) {
        routes.add(.get, "/v1/assignments", access: .signedIn) { _, _, identity in
            try await service.list(identity: identity)
        }
    }
}
