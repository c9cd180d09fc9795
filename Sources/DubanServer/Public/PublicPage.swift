import DubanCore
import Foundation

/// The public progress page as HTML: Chinese, readable on a phone, no JavaScript, every value escaped.
///
/// Rendering is pure (the same data gives the same bytes), so the page's ETag is stable. It shows only
/// what `duban.public_progress` returns (see ``PublicProgress``).
enum PublicPage {
    /// The zone acceptance dates are shown in. `duban.public_progress` does not expose a plan's zone;
    /// plans use Asia/Shanghai unless imported otherwise.
    static let timeZone = TimeZone(identifier: "Asia/Shanghai")!

    /// `GET /public`: every task of the plan.
    static func index(_ progress: PublicProgress, year: Int?, checkpoint: AuditCheckpoint? = nil) -> String {
        guard let planYear = progress.planYear else {
            return message(title: "暂无公开的年度计划", text: "为民办实事项目计划尚未发布，请稍后再来查看。")
        }
        let involved = progress.tasks.filter { !$0.notApplicable }.count
        let tasks = progress.tasks.map { taskSection($0, year: year) }.joined(separator: "\n")
        let body = """
            <header><div class="wrap"><p class="kicker">\(planYear)年为民办实事项目 · 公开进展</p>\
            <h1>\(escape(progress.planTitle ?? ""))</h1>\
            <p>共 \(progress.tasks.count) 项，其中 \(involved) 项涉及本区。进展以区委区政府督查绩效办审核通过的牵头单位报告为准。</p>\
            </div></header>
            <main class="wrap">
            \(tasks)
            </main>
            \(footer(year: year, checkpoint: checkpoint))
            """
        return document(title: "\(planYear)年为民办实事项目进展", body: body)
    }

    /// `GET /public/tasks/{number}`: one task, with its content.
    static func task(_ task: PublicTaskProgress, of progress: PublicProgress, year: Int?, checkpoint: AuditCheckpoint? = nil) -> String {
        let planYear = progress.planYear.map { "\($0)年" } ?? ""
        let body = """
            <header><div class="wrap"><p class="kicker"><a href="/public\(query(year))">\(planYear)为民办实事项目 · 全部项目</a></p>\
            <h1>\(task.number). \(escape(task.title))</h1></div></header>
            <main class="wrap">
            <article class="task" aria-labelledby="task-detail">
            <h2 id="task-detail">项目情况</h2>
            \(details(task, withContent: true))
            </article>
            <p><a href="/public\(query(year))">← 返回全部项目</a></p>
            </main>
            \(footer(year: year, checkpoint: checkpoint))
            """
        return document(title: "\(task.title) — \(planYear)为民办实事项目进展", body: body)
    }

    /// A short page for a task or plan that is not there, or a malformed address.
    static func message(title: String, text: String) -> String {
        let body = """
            <header><div class="wrap"><h1>\(escape(title))</h1></div></header>
            <main class="wrap"><p>\(escape(text))</p><p><a href="/public">查看为民办实事项目公开进展</a></p></main>
            """
        return document(title: title, body: body)
    }

    // MARK: - Parts

    /// One task on the index: its number and title (a link to its page) and its details.
    static func taskSection(_ task: PublicTaskProgress, year: Int?) -> String {
        """
        <article class="task" id="task-\(task.number)" aria-labelledby="task-\(task.number)-title">
        <h2 id="task-\(task.number)-title"><a href="/public/tasks/\(task.number)\(query(year))">\(task.number). \(escape(task.title))</a></h2>
        \(details(task, withContent: false))
        </article>
        """
    }

    /// A task's facts as a description list; a task that does not involve the district says only that.
    static func details(_ task: PublicTaskProgress, withContent: Bool) -> String {
        if task.notApplicable {
            var rows = [row("状态", "<span class=\"badge na\">不涉及本区</span>")]
            if withContent { rows.append(row("项目内容", text(task.content))) }
            return "<dl>\(rows.joined())</dl>"
        }
        var rows = [row("进度", lightBadge(task.light))]
        if withContent { rows.append(row("项目内容", text(task.content))) }
        rows.append(row("牵头单位", task.leadUnits.isEmpty ? "—" : escape(task.leadUnits.joined(separator: "、"))))
        rows.append(row("完成标准", text(task.completionStandard)))
        if !task.indicators.isEmpty { rows.append(row("目标完成", indicators(task.indicators))) }
        rows.append(row("最新进展", progress(task)))
        rows.append(row("更新日期", updated(task)))
        if withContent, !task.history.isEmpty { rows.append(row("历次进展", history(task.history))) }
        return "<dl>\(rows.joined())</dl>"
    }

    static func row(_ term: String, _ html: String) -> String {
        "<dt>\(escape(term))</dt><dd>\(html)</dd>"
    }

    /// Each indicator as "已完成 4 / 目标 30 套" with a bar; a target that is the city's says so.
    static func indicators(_ indicators: [PublicIndicator]) -> String {
        indicators.map { indicator in
            let done = indicator.done ?? 0
            let share = indicator.target > 0 ? min(max(done / indicator.target * 100, 0), 100) : 0
            let city = indicator.cityStandard ? "<span class=\"city\">（市定目标）</span>" : ""
            return """
                <p class="indicator"><span class="name">\(escape(indicator.name))</span>                 <strong>已完成 \(escape(IndicatorRules.format(done))) / 目标 \(escape(IndicatorRules.format(indicator.target))) \(escape(indicator.measure))</strong>\(city)</p>                <progress max="100" value="\(String(format: "%.1f", share))" aria-label="\(escape(indicator.name))完成进度">\(percentText(share))</progress>
                """
        }.joined()
    }

    /// Every accepted public summary, newest first.
    static func history(_ entries: [PublicSummaryEntry]) -> String {
        "<ol class=\"history\">" + entries.map { entry in
            "<li>\(timeTag(entry.nodeDate))节点：<span class=\"text\">\(escape(entry.summary))</span></li>"
        }.joined() + "</ol>"
    }

    /// The progress light (is the work on schedule?) as a coloured badge that also says it in words.
    static func lightBadge(_ light: StatusLight?) -> String {
        switch light {
        case .green: "<span class=\"badge light-green\">按序时推进</span>"
        case .yellow: "<span class=\"badge light-yellow\">略滞后</span>"
        case .red: "<span class=\"badge light-red\">明显滞后</span>"
        case nil: "<span class=\"badge light-none\">未评估</span>"
        }
    }

    /// The accepted percentage (with a bar) and summary, or 暂无公开进展.
    static func progress(_ task: PublicTaskProgress) -> String {
        guard task.hasPublishedProgress else { return "<span class=\"none\">暂无公开进展</span>" }
        var html = ""
        if let percent = task.percent {
            let shown = percentText(percent)
            let bar = String(format: "%.1f", min(max(percent, 0), 100))
            html += "<p class=\"percent\"><strong>已完成 \(shown)</strong></p>"
            html += "<progress max=\"100\" value=\"\(bar)\" aria-label=\"完成进度\">\(shown)</progress>"
        }
        if let summary = task.summary { html += "<p class=\"text summary\">\(escape(summary))</p>" }
        return html
    }

    /// When the office accepted the shown report, and its node.
    static func updated(_ task: PublicTaskProgress) -> String {
        guard let updatedAt = task.updatedAt else { return "—" }
        var html = timeTag(LocalDate(updatedAt, in: timeZone))
        if let node = task.nodeDate { html += "（\(node.month)月\(node.day)日节点报告）" }
        return html
    }

    /// The page's foot; with a checkpoint, the newest signed head of the audit chain, so that a
    /// screenshot of the page witnesses it.
    static func footer(year: Int?, checkpoint: AuditCheckpoint? = nil) -> String {
        let witness = checkpoint.map { "<p class=\"audit\">\(escape($0.witnessText(timeZone: timeZone)))</p>" } ?? ""
        return """
        <footer class="wrap"><p>本页每分钟更新，仅公布牵头单位标注为公开、并经区委区政府督查绩效办审核通过的进展。\
        <a href="/public/progress.json\(query(year))">数据（JSON）</a></p>\(witness)</footer>
        """
    }

    /// The whole document around `body`.
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static let style = """
        body{margin:0;font-family:system-ui,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;\
        line-height:1.6;color:#1f2328;background:#f6f8fa;font-size:16px}\
        .wrap{max-width:48rem;margin:0 auto;padding:0 1rem}\
        header{background:#a61b1b;color:#fff;padding:1rem 0;margin-bottom:1rem}header a{color:#fff}\
        h1{font-size:1.35rem;margin:.25rem 0}h2{font-size:1.1rem;margin:0 0 .6rem}\
        .kicker{margin:0;opacity:.9;font-size:.9rem}\
        .task{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem;margin:0 0 1rem}\
        dl{margin:0;display:grid;grid-template-columns:5.5em 1fr;gap:.4rem .75rem}\
        dt{font-weight:600;color:#57606a}dd{margin:0;min-width:0;overflow-wrap:anywhere}dd p{margin:0 0 .3rem}\
        .text{white-space:pre-line}\
        .badge{display:inline-block;padding:0 .6rem;border-radius:1rem;font-weight:600;font-size:.9rem}\
        .light-green{background:#1a7f37;color:#fff}.light-yellow{background:#f2c230;color:#3d2e00}\
        .light-red{background:#c62828;color:#fff}.light-none,.na{background:#eaeef2;color:#424a53}\
        .none{color:#57606a}.city{color:#57606a;font-size:.85rem}.history{margin:0;padding-left:1.2rem}\
        .indicator{margin:.2rem 0 0}progress{width:100%;max-width:16rem;height:.8rem}\
        a{color:#0b57d0}footer{color:#57606a;font-size:.85rem;padding-bottom:2rem}\
        @media (max-width:30rem){dl{grid-template-columns:1fr;gap:.1rem}dt{margin-top:.4rem}}
        """

    // MARK: - Values

    /// Plain text as HTML, keeping its line breaks.
    static func text(_ value: String) -> String {
        "<span class=\"text\">\(escape(value))</span>"
    }

    /// `?year=2022`, or nothing when the page was asked without a year.
    static func query(_ year: Int?) -> String {
        year.map { "?year=\($0)" } ?? ""
    }

    /// `35%`, `37.5%`.
    static func percentText(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? "\(Int(rounded))%" : String(format: "%.1f%%", rounded)
    }

    /// `<time datetime="2022-03-28">2022年3月28日</time>`.
    static func timeTag(_ date: LocalDate) -> String {
        "<time datetime=\"\(date)\">\(date.year)年\(date.month)月\(date.day)日</time>"
    }

    /// Escapes text for HTML content and quoted attribute values.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
