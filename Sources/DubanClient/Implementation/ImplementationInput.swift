import DubanCore
import Foundation

/// The steps and splits of an implementation plan as typed on the command line.
///
/// A step is `DATE:VALUES[:NOTE]`: `DATE` is `YYYY-MM-DD`; `VALUES` is either the expected
/// cumulative value of each indicator, `NAME=V,NAME=V` (`2022-06-30:游园=10,健身路径=5:开工`), or,
/// for a task without indicators, a percent, `PCT%` (`2022-06-30:40%`); `NOTE` (what is done by
/// then) is everything after the second colon. A split is `INDICATOR:UNIT=V`
/// (`健身路径:jd-tianma=12`).
public enum ImplementationInput {
    public static func step(_ typed: String) throws -> ImplementationStep {
        let parts = typed.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, let date = LocalDate(iso: parts[0].trimmingCharacters(in: .whitespaces)) else {
            throw bad("--step \(typed)", en: "expected DATE:NAME=V,NAME=V[:NOTE] or DATE:PCT%[:NOTE], e.g. 2022-06-30:游园=10:开工 (DATE is YYYY-MM-DD)",
                      zh: "应为 日期:名称=数值,名称=数值[:说明] 或 日期:百分比%[:说明]，例如 2022-06-30:游园=10:开工（日期格式 YYYY-MM-DD）")
        }
        let values = parts[1].trimmingCharacters(in: .whitespaces)
        let note = parts.count > 2 ? parts[2].trimmingCharacters(in: .whitespacesAndNewlines) : ""
        var step = ImplementationStep(date: date, note: note.isEmpty ? nil : note)
        if values.hasSuffix("%") {
            guard let percent = Double(values.dropLast().trimmingCharacters(in: .whitespaces)), percent.isFinite else {
                throw bad("--step \(typed)", en: "\(values) is not a percent", zh: "\(values) 不是百分比")
            }
            step.percent = percent
            return step
        }
        for item in values.split(separator: ",", omittingEmptySubsequences: true) {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard pair.count == 2, let value = Double(pair[1]) else {
                throw bad("--step \(typed)", en: "\(item): expected NAME=number", zh: "\(item)：应为 名称=数值")
            }
            guard let name = QuantityName.normalized(pair[0]) else { throw ClientError(violation: QuantityName.violation(pair[0])) }
            step.values[name] = value
        }
        guard !step.values.isEmpty else {
            throw bad("--step \(typed)", en: "no values: give NAME=V,… or PCT%", zh: "缺少数值：请给出 名称=数值,… 或 百分比%")
        }
        return step
    }

    public static func split(_ typed: String) throws -> ProposedSplit {
        let parts = typed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let pair = parts.count == 2 ? parts[1].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        } : []
        guard pair.count == 2, !pair[0].isEmpty, let value = Double(pair[1]) else {
            throw bad("--split \(typed)", en: "expected INDICATOR:UNIT=V, e.g. 健身路径:jd-tianma=12",
                      zh: "应为 指标:单位代码=数值，例如 健身路径:jd-tianma=12")
        }
        guard let name = QuantityName.normalized(parts[0]) else { throw ClientError(violation: QuantityName.violation(parts[0])) }
        return ProposedSplit(indicator: name, unitCode: pair[0], target: value)
    }

    /// `DATE:NAME=V,…[:NOTE]` again, as `step(_:)` reads it.
    public static func text(_ step: ImplementationStep) -> String {
        let values = step.percent.map { IndicatorRules.format($0) + "%" }
            ?? step.values.sorted { $0.key < $1.key }.map { "\($0.key)=\(IndicatorRules.format($0.value))" }.joined(separator: ",")
        return "\(step.date):\(values)" + (step.note.map { ":\($0)" } ?? "")
    }

    private static func bad(_ what: String, en: String, zh: String) -> ClientError {
        ClientError.invalidInput(.init(en: "\(what): \(en)", zh: "\(what)：\(zh)"))
    }
}
