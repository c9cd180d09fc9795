import DubanCore
import Foundation

/// The tasks' targets (`/v1/targets`), changed by the supervision office and admins, and the
/// indicator standings for oversight (`GET /v1/oversight/indicators`).
extension APIClient {
    /// `GET /v1/targets[?year=][&task=]`: every task's indicators, or one task's.
    public func targets(year: Int? = nil, task: Int? = nil) async throws -> TargetList {
        try await send(.GET, ["v1", "targets"], query: [("year", year.map(String.init)), ("task", task.map(String.init))])
    }

    /// `PUT /v1/targets`: creates or changes one indicator; answers the task's indicators.
    public func setTarget(_ request: TargetSetRequest) async throws -> TargetList {
        try await send(.PUT, ["v1", "targets"], body: request)
    }

    /// `POST /v1/targets/split`: sets or removes one unit's share; answers the task's indicators.
    public func splitTarget(_ request: TargetSplitRequest) async throws -> TargetList {
        try await send(.POST, ["v1", "targets", "split"], body: request)
    }

    /// `POST /v1/targets/remove`: removes an indicator no report has a value for.
    public func removeTarget(_ request: TargetRemoveRequest) async throws -> TargetList {
        try await send(.POST, ["v1", "targets", "remove"], body: request)
    }

    /// `POST /v1/targets/confirm`: confirms a task's proposed indicators (all, or those named).
    public func confirmTargets(_ request: TargetConfirmRequest) async throws -> TargetList {
        try await send(.POST, ["v1", "targets", "confirm"], body: request)
    }

    /// `GET /v1/oversight/indicators[?year=][&task=][&unit=][&date=]`: per task, indicator and unit,
    /// the target, 序时进度 on the date, the actual, the gap and the completion.
    public func oversightIndicators(year: Int? = nil, task: Int? = nil, unit: String? = nil, date: LocalDate? = nil) async throws
        -> IndicatorReport
    {
        try await send(.GET, ["v1", "oversight", "indicators"],
                       query: [("year", year.map(String.init)), ("task", task.map(String.init)), ("unit", unit),
                               ("date", date?.description)])
    }
}
