import Foundation

/// The progress light (is the work on schedule?), separate from the reporting light (was the report
/// on time?): green on or ahead of 序时进度, yellow behind by more than ``yellowGap`` points, red
/// behind by more than ``redGap`` points or past the end date unfinished. Tolerances are the plan's.
public struct ProgressLightRule: Sendable, Hashable, Codable {
    /// Points behind 序时进度 beyond which the light is yellow. Default 5.
    public var yellowGap: Double
    /// Points behind 序时进度 beyond which the light is red. Default 15.
    public var redGap: Double

    public static let standard = ProgressLightRule()

    public init(yellowGap: Double = 5, redGap: Double = 15) {
        self.yellowGap = yellowGap
        self.redGap = redGap
    }

    /// The light for `completion` percent against `expected` percent on `day`; `end` is the task's
    /// last day (the plan's last node). Nothing reported counts as 0.
    public func light(completion: Double?, expected: Double, on day: LocalDate, end: LocalDate) -> StatusLight {
        let done = completion ?? 0
        if day > end && done < 100 { return .red }
        let gap = expected - done
        if gap > redGap { return .red }
        if gap > yellowGap { return .yellow }
        return .green
    }
}

/// Where one indicator stands on a day, for a task or one unit's share.
public struct IndicatorStanding: Codable, Sendable, Equatable {
    public var taskId: Int64
    public var taskNumber: Int
    public var indicator: String
    public var measure: String
    /// The unit whose share this is; nil for the whole task.
    public var unitCode: String?
    public var target: Double
    /// 序时进度: the value expected on ``date``.
    public var expected: Double
    /// The latest value reported (consolidated for the task), nil when none.
    public var actual: Double?
    /// `expected − actual` in the indicator's measure (positive: behind).
    public var gap: Double
    /// `actual ÷ target × 100`.
    public var completion: Double
    /// `expected ÷ target × 100`.
    public var expectedPercent: Double
    /// `expectedPercent − completion`, percentage points (positive: behind), as circulars say 滞后序时进度 N 个百分点.
    public var gapPoints: Double
    public var basis: ScheduleCurve.Basis
    /// True when the target is the city's standard, as proposed by the import and confirmed.
    public var cityStandard: Bool
    public var date: LocalDate

    public init(taskId: Int64, taskNumber: Int, indicator: String, measure: String, unitCode: String?, target: Double,
                expected: Double, actual: Double?, basis: ScheduleCurve.Basis, cityStandard: Bool, date: LocalDate) {
        self.taskId = taskId
        self.taskNumber = taskNumber
        self.indicator = indicator
        self.measure = measure
        self.unitCode = unitCode
        self.target = target
        self.expected = expected
        self.actual = actual
        self.gap = expected - (actual ?? 0)
        self.completion = target > 0 ? (actual ?? 0) / target * 100 : 0
        self.expectedPercent = target > 0 ? expected / target * 100 : 0
        self.gapPoints = expectedPercent - completion
        self.basis = basis
        self.cityStandard = cityStandard
        self.date = date
    }

    /// "已完成改造32个，占目标64%，滞后序时进度11个百分点" in the user's words.
    public var sentence: LocalizedText {
        let done = IndicatorRules.format(actual ?? 0)
        let pct = IndicatorRules.format((completion * 10).rounded() / 10)
        let points = IndicatorRules.format((abs(gapPoints) * 10).rounded() / 10)
        let zhTail = gapPoints > 0.05 ? "滞后序时进度\(points)个百分点" : gapPoints < -0.05 ? "超前序时进度\(points)个百分点" : "与序时进度持平"
        let enTail = gapPoints > 0.05 ? "\(points) points behind schedule" : gapPoints < -0.05 ? "\(points) points ahead of schedule" : "on schedule"
        return LocalizedText(en: "\(indicator): \(done) of \(IndicatorRules.format(target)) \(measure) done (\(pct)%), \(enTail)",
                             zh: "\(indicator)已完成\(done)\(measure)，占目标\(pct)%，\(zhTail)")
    }
}

/// A task's (or one unit's) progress on a day: indicators' completion averaged, else its reported percent.
public struct ProgressStanding: Codable, Sendable, Equatable {
    public var completion: Double?
    public var expected: Double
    /// `expected − completion` in points (positive: behind).
    public var gapPoints: Double
    public var light: StatusLight
    public var basis: ScheduleCurve.Basis
    /// True when the completion comes from indicators, false when from a reported percent.
    public var fromIndicators: Bool

    public init(completion: Double?, expected: Double, light: StatusLight, basis: ScheduleCurve.Basis, fromIndicators: Bool) {
        self.completion = completion
        self.expected = expected
        self.gapPoints = expected - (completion ?? 0)
        self.light = light
        self.basis = basis
        self.fromIndicators = fromIndicators
    }

    /// True when behind 序时进度 by more than the rule's yellow tolerance.
    public func isBehind(_ rule: ProgressLightRule) -> Bool { gapPoints > rule.yellowGap || light > .green }
}
