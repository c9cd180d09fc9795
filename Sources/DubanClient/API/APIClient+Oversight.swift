import DubanCore
import Foundation

/// The read-only oversight views (`GET /v1/oversight/...`), for the `oversight` and `supervisor` roles.
/// Each answers an ``OversightAnswer`` judged by the server's clock; nil filters are left out of the query.
extension APIClient {
    /// `GET /v1/oversight/progress[?year=][&node=]`: one row per task of the plan.
    public func oversightProgress(year: Int? = nil, node: LocalDate? = nil) async throws -> OversightAnswer<TaskProgressRow> {
        try await send(.GET, ["v1", "oversight", "progress"], query: [("year", year.map(String.init)), ("node", node?.description)])
    }

    /// `GET /v1/oversight/completeness[?year=]`: one row per node and tier.
    public func oversightCompleteness(year: Int? = nil) async throws -> OversightAnswer<NodeCompletenessRow> {
        try await send(.GET, ["v1", "oversight", "completeness"], query: [("year", year.map(String.init))])
    }

    /// `GET /v1/oversight/timeliness[?year=][&node=][&unit=]`: one row per unit and tier.
    public func oversightTimeliness(year: Int? = nil, node: LocalDate? = nil, unit: String? = nil) async throws
        -> OversightAnswer<UnitTimelinessRow> {
        try await send(.GET, ["v1", "oversight", "timeliness"],
                       query: [("year", year.map(String.init)), ("node", node?.description), ("unit", unit)])
    }

    /// `GET /v1/oversight/overdue[?year=][&node=][&unit=]`: one row per report late or missing.
    public func oversightOverdue(year: Int? = nil, node: LocalDate? = nil, unit: String? = nil) async throws
        -> OversightAnswer<OverdueRow> {
        try await send(.GET, ["v1", "oversight", "overdue"],
                       query: [("year", year.map(String.init)), ("node", node?.description), ("unit", unit)])
    }

    /// `GET /v1/oversight/lights[?year=][&unit=]`: one row per task and per unit on a task.
    public func oversightLights(year: Int? = nil, unit: String? = nil) async throws -> OversightAnswer<StatusLightRow> {
        try await send(.GET, ["v1", "oversight", "lights"], query: [("year", year.map(String.init)), ("unit", unit)])
    }
}
