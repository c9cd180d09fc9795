/// How many days before each node the responsible units report to their lead unit, as the notice writes it:
/// `提前3日`, `提前五天`.
enum LeadTime {
    /// N of the first `提前N日` / `提前N天` (N in digits or 一…十), looked for first in paragraph `preferred`
    /// (the one stating the nodes), then in every paragraph; `nil` when the notice names none.
    ///
    /// Throws `notice.bad_lead_days` when the lead time counts working days (工作日) or is no usable number.
    static func read(in body: NoticeBody, preferring preferred: Int?) throws(NoticeError) -> (days: Int, source: String)? {
        let order = (preferred.map { [$0] } ?? []) + body.paragraphs.indices.filter { $0 != preferred }
        for index in order {
            let line = BodyLine(index: index, original: body.paragraphs[index])
            guard let match = line.half.firstMatch(of: /提前\s*([0-9]+|[一二两三四五六七八九十]+)\s*个?\s*(工作日|日|天)/) else {
                continue
            }
            let phrase = line.quote(match.range)
            if match.2 == "工作日" {
                throw NoticeError(
                    code: "notice.bad_lead_days", location: line.location,
                    en: "\"\(phrase)\" counts working days, which depend on the holiday calendar; expected calendar days (提前N日). Pass the calendar days with --lead-days N.",
                    zh: "“\(phrase)”按工作日计算，需依赖节假日安排；应按自然日写明提前天数（提前N日）。请用 --lead-days N 指定自然日天数。")
            }
            if let days = NoticeDates.integer(match.1) ?? ChineseText.asciiInteger(match.1), days <= 366 {
                return (days, phrase)
            }
            throw NoticeError(
                code: "notice.bad_lead_days", location: line.location,
                en: "\"\(phrase)\" is not a usable number of days (expected 0–366). Pass the days with --lead-days N.",
                zh: "“\(phrase)”中的天数无法使用（应为0至366）。请用 --lead-days N 指定天数。")
        }
        return nil
    }

    /// The warning given when the notice names no lead time, so responsible units report on the node itself.
    static func missingWarning(_ body: NoticeBody) -> NoticeWarning {
        NoticeWarning(
            code: "notice.no_lead_days", location: body.wholeBody,
            en: "The notice does not say how many days before each node the responsible units report to their lead unit (e.g. 提前3日), so they report on the node itself; use --lead-days N to set it.",
            zh: "通知未写明责任单位提前几日向牵头单位报送（如“提前3日”），责任单位按节点当日报送；可用 --lead-days N 指定提前天数。")
    }
}
