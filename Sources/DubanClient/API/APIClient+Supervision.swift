import DubanCore
import Foundation

// The supervision office's routes (`/v1/supervision/...`): the `supervisor` role writes, oversight
// may read the GET routes.
extension APIClient {
    /// `GET /v1/supervision/overview[?node=DATE][&year=YYYY]`: every assigned unit's standing at a node.
    public func supervisionOverview(node: LocalDate? = nil, year: Int? = nil) async throws -> SupervisionOverview {
        try await send(.GET, ["v1", "supervision", "overview"], query: [("node", node?.description), ("year", year.map(String.init))])
    }

    /// `GET /v1/supervision/records`: every urge, order, extension and inspection.
    public func supervisionRecords() async throws -> SupervisionLists {
        try await send(.GET, ["v1", "supervision", "records"])
    }

    /// `POST /v1/supervision/urges`.
    public func urge(_ request: UrgeRequest) async throws -> UrgeRecord {
        try await send(.POST, ["v1", "supervision", "urges"], body: request)
    }

    /// `POST /v1/supervision/orders`: a blue order.
    public func issueOrder(_ request: OrderRequest) async throws -> SupervisionOrderRecord {
        try await send(.POST, ["v1", "supervision", "orders"], body: request)
    }

    /// `POST /v1/supervision/orders/{id}/escalate`.
    public func escalateOrder(id: Int64, note: String) async throws -> SupervisionOrderRecord {
        try await send(.POST, ["v1", "supervision", "orders", String(id), "escalate"], body: OrderRequest(note: note))
    }

    /// `POST /v1/supervision/orders/{id}/close`.
    public func closeOrder(id: Int64, note: String) async throws -> SupervisionOrderRecord {
        try await send(.POST, ["v1", "supervision", "orders", String(id), "close"], body: OrderRequest(note: note))
    }

    /// `POST /v1/supervision/extensions/{id}/decision`.
    public func decideExtension(id: UUID, _ request: ExtensionDecisionRequest) async throws -> ExtensionRecord {
        try await send(.POST, ["v1", "supervision", "extensions", id.uuidString.lowercased(), "decision"], body: request)
    }

    /// `POST /v1/supervision/circulars`: a draft from a snapshot of the data now.
    public func draftCircular(_ request: CircularDraftRequest) async throws -> CircularRecord {
        try await send(.POST, ["v1", "supervision", "circulars"], body: request)
    }

    /// `GET /v1/supervision/circulars`: drafts and issued ones.
    public func circulars() async throws -> CircularList {
        try await send(.GET, ["v1", "supervision", "circulars"])
    }

    /// `GET /v1/supervision/circulars/{id}`.
    public func circular(id: Int64) async throws -> CircularRecord {
        try await send(.GET, ["v1", "supervision", "circulars", String(id)])
    }

    /// `PUT /v1/supervision/circulars/{id}`: edit a draft (refused once issued).
    public func editCircular(id: Int64, _ request: CircularEditRequest) async throws -> CircularRecord {
        try await send(.PUT, ["v1", "supervision", "circulars", String(id)], body: request)
    }

    /// `POST /v1/supervision/circulars/{id}/issue`: numbered, and never changed again.
    public func issueCircular(id: Int64) async throws -> CircularRecord {
        try await send(.POST, ["v1", "supervision", "circulars", String(id), "issue"])
    }

    /// `POST /v1/supervision/inspections`.
    public func recordInspection(_ request: InspectionRequest) async throws -> InspectionRecord {
        try await send(.POST, ["v1", "supervision", "inspections"], body: request)
    }

    /// `POST /v1/supervision/inspections/{id}/progress`.
    public func noteInspectionProgress(id: Int64, note: String) async throws -> InspectionRecord {
        try await send(.POST, ["v1", "supervision", "inspections", String(id), "progress"], body: InspectionNoteRequest(note: note))
    }

    /// `POST /v1/supervision/inspections/{id}/close`.
    public func closeInspection(id: Int64, note: String) async throws -> InspectionRecord {
        try await send(.POST, ["v1", "supervision", "inspections", String(id), "close"], body: InspectionNoteRequest(note: note))
    }
}
