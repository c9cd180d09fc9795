import DubanCore

/// A periodic reporting rule written in words, such as 每季度末月20日前, and the node dates it gives in a year.
enum ReportingRule: Equatable {
    /// Day `day` of each quarter's last month (`nil`: the quarter's end): 每季度末月20日前, 每季度末.
    case quarterLastMonth(day: Int?)
    /// Day `day` of the month after each quarter (Q4's falls in January of the next year): 每季度首月5日前.
    case afterQuarterMonth(day: Int)
    /// `days` after each quarter's end: 每季度结束后5日内.
    case afterQuarter(days: Int)
    /// Day `day` of June and December (`nil`: their ends): 每半年, 每半年末月25日前.
    case halfLastMonth(day: Int?)
    /// `days` after each half-year's end: 每半年结束后10日内.
    case afterHalf(days: Int)
    /// Day `day` of each month (`nil`: its end), from `firstMonth` on: 每月25日前, 每月底.
    case month(day: Int?)

    /// The day of the month the rule names, when it names one.
    var day: Int? {
        switch self {
        case .quarterLastMonth(let day), .halfLastMonth(let day), .month(let day): day
        case .afterQuarterMonth(let day): day
        case .afterQuarter, .afterHalf: nil
        }
    }

    /// The same rule on another day of the month.
    func onDay(_ day: Int) -> ReportingRule {
        switch self {
        case .quarterLastMonth: .quarterLastMonth(day: day)
        case .halfLastMonth: .halfLastMonth(day: day)
        case .month: .month(day: day)
        case .afterQuarterMonth: .afterQuarterMonth(day: day)
        case .afterQuarter, .afterHalf: self
        }
    }

    /// Whether the rule counts months (and so starts after the date of issue).
    var isMonthly: Bool { if case .month = self { true } else { false } }

    /// The dates in `year` (months from `firstMonth` for a monthly rule), and the months whose day had to be
    /// taken as the month's last.
    func dates(year: Int, firstMonth: Int) -> (dates: [LocalDate], clampedMonths: [Int]) {
        var dates: [LocalDate] = []
        var clamped: [Int] = []
        func add(_ month: Int, _ day: Int?, year: Int = year) {
            guard let day else { return dates.append(NoticeDates.lastDay(year: year, month: month)) }
            guard let found = NoticeDates.day(day, month: month, year: year) else { return }
            if found.clamped { clamped.append(month) }
            dates.append(found.date)
        }
        switch self {
        case .quarterLastMonth(let day): for month in [3, 6, 9, 12] { add(month, day) }
        case .afterQuarterMonth(let day):
            for month in [4, 7, 10] { add(month, day) }
            add(1, day, year: year + 1)
        case .afterQuarter(let days):
            for month in [3, 6, 9, 12] { dates.append(NoticeDates.lastDay(year: year, month: month).adding(days: days)) }
        case .halfLastMonth(let day): for month in [6, 12] { add(month, day) }
        case .afterHalf(let days):
            for month in [6, 12] { dates.append(NoticeDates.lastDay(year: year, month: month).adding(days: days)) }
        case .month(let day):
            if firstMonth <= 12 { for month in firstMonth...12 { add(month, day) } }
        }
        return (dates, clamped)
    }

    // MARK: Reading

    /// A rule's pattern over half-width text and how a match becomes a rule (`nil` when its numbers are not
    /// usable); `workingDays` is true when the count is in working days.
    struct Pattern {
        var regex: Regex<AnyRegexOutput>
        var make: (_ number: Int?) -> ReportingRule
        var counts: Bool = false
    }

    private static let n = NoticeDates.number
    private static let every = "每\\s*个?\\s*"
    private static let beforeDay = "\\s*[日号]\\s*(?:之前|以前|前)?"
    private static let lastMonth = "\\s*的?\\s*(?:末月|最后\\s*一\\s*个?\\s*月)\\s*的?\\s*"
    private static let firstMonth = "\\s*的?\\s*(?:首月|第\\s*一\\s*个?\\s*月)\\s*的?\\s*"
    private static let afterEnd = "\\s*(?:结束|末)\\s*后\\s*\(n)\\s*个?\\s*(工作日|日|天)\\s*(?:之内|内|前)?"
    private static let notMore = "(?![月0-9一二三四五六七八九十后末底])"

    /// The patterns in priority order: a longer form is tried before the form it contains.
    nonisolated(unsafe) static let patterns: [Pattern] = [
        Pattern(regex: try! Regex("\(every)季度\(lastMonth)\(n)\(beforeDay)"), make: { .quarterLastMonth(day: $0) }),
        Pattern(regex: try! Regex("\(every)季度\(afterEnd)"), make: { .afterQuarter(days: $0 ?? 0) }, counts: true),
        Pattern(regex: try! Regex("\(every)季度\(firstMonth)\(n)\(beforeDay)"), make: { .afterQuarterMonth(day: $0 ?? 1) }),
        Pattern(regex: try! Regex("\(every)季度\\s*(?:末|底|结束前|结束时)\(notMore)(?:之前|以前|前)?"),
                make: { _ in .quarterLastMonth(day: nil) }),
        Pattern(regex: try! Regex("\(every)半\\s*年\(lastMonth)\(n)\(beforeDay)"), make: { .halfLastMonth(day: $0) }),
        Pattern(regex: try! Regex("\(every)半\\s*年\(afterEnd)"), make: { .afterHalf(days: $0 ?? 0) }, counts: true),
        Pattern(regex: try! Regex("\(every)半\\s*年(?:末|底|结束前)?\(notMore)(?:之前|以前|前)?"),
                make: { _ in .halfLastMonth(day: nil) }),
        Pattern(regex: try! Regex("\(every)月\\s*的?\\s*\(n)\(beforeDay)"), make: { .month(day: $0) }),
        Pattern(regex: try! Regex("\(every)月\(afterEnd)"), make: { .month(day: $0 ?? 1) }, counts: true),
        Pattern(regex: try! Regex("\(every)月\\s*(?:月底|月末|底|末)\(notMore)(?:之前|以前|前)?"),
                make: { _ in .month(day: nil) }),
    ]
}
