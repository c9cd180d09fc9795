import DubanCore
import Foundation

// The year-end assessment's online routes: reading sheets (the office and oversight see all, a lead
// unit's staff the sheets it wrote) and the office's review. Sheets are written through sync
// (`assessment.write`), never here.
extension APIClient {
    /// `GET /v1/assessments[?year=]`: the plan's criteria and the sheets the caller may see.
    public func assessments(year: Int? = nil) async throws -> AssessmentTable {
        try await send(.GET, ["v1", "assessments"], query: [("year", year.map(String.init))])
    }

    /// `POST /v1/supervision/assessments/{id}/review`: accept (locks the sheet) or return (with a note).
    public func reviewAssessment(id: UUID, _ request: AssessmentReviewRequest) async throws -> AssessmentRecord {
        try await send(.POST, ["v1", "supervision", "assessments", id.uuidString.lowercased(), "review"], body: request)
    }
}
