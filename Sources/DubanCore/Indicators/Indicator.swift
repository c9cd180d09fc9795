import Foundation

/// A task's quantified indicator (量化指标): what is counted, in which measure, and the district's
/// target for it, as the client holds it offline (`ReferenceData.indicators`).
public struct Indicator: Codable, Sendable, Equatable, Hashable {
    /// Where an indicator's target came from.
    public enum Source: String, Codable, Sendable, Hashable {
        /// Proposed by the plan import from the city's completion standard (or the task's content).
        case cityStandard = "city_standard"
        /// Set by the supervision office or an admin.
        case office
    }

    public var id: Int64
    public var taskId: Int64
    /// The office's words: 游园, 健身路径, 篮球场.
    public var name: String
    /// The measure word or unit: 个, 套, 公里, 万元, %.
    public var measure: String
    /// The district's target.
    public var target: Double
    /// True (the default) when each report gives the total so far; false when it gives what was
    /// done since the previous node.
    public var cumulative: Bool
    public var source: Source
    /// False while the indicator is a proposal of the import, not yet confirmed by the office.
    public var confirmed: Bool
    /// The words of the notice it was proposed from, when it was.
    public var phrase: String?
    /// The target split among the task's units (分解目标); empty when not split.
    public var splits: [IndicatorSplit]
    /// Why the split does not add up to the target, when it does not.
    public var splitReason: String?

    public init(id: Int64, taskId: Int64, name: String, measure: String, target: Double, cumulative: Bool = true,
                source: Source = .office, confirmed: Bool = true, phrase: String? = nil, splits: [IndicatorSplit] = [],
                splitReason: String? = nil) {
        self.id = id
        self.taskId = taskId
        self.name = name
        self.measure = measure
        self.target = target
        self.cumulative = cumulative
        self.source = source
        self.confirmed = confirmed
        self.phrase = phrase
        self.splits = splits
        self.splitReason = splitReason
    }

    /// The sum of the split targets.
    public var splitTotal: Double { splits.reduce(0) { $0 + $1.target } }

    /// The target of `unitCode`'s share, when the target is split and it has one.
    public func share(of unitCode: String) -> Double? {
        splits.first { $0.unitCode == unitCode }?.target
    }
}

/// One unit's share of an indicator's target.
public struct IndicatorSplit: Codable, Sendable, Equatable, Hashable {
    public var unitCode: String
    public var target: Double

    public init(unitCode: String, target: Double) {
        self.unitCode = unitCode
        self.target = target
    }
}
