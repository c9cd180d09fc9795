extension PlanPreview {
    /// The preview as lines for people, in `language`: the plan's facts with their sources, each node, each task
    /// with its units (how each resolved; unresolved ones with the nearest roster names), the proposed
    /// indicators, the warnings and what to do about unresolved names.
    public func lines(language: Language) -> [String] {
        let zh = language == .zh
        var out: [String] = []
        out.append(zh ? "计划：\(title)（\(year) 年，时区 \(timeZone)）" : "plan: \(title) (\(year), time zone \(timeZone))")
        if let issuer { out.append(zh ? "发文单位：\(issuer)" : "issuer: \(issuer)") }
        if let documentNumber { out.append(zh ? "文号：\(documentNumber)" : "document number: \(documentNumber)") }
        if let issuedOn { out.append(zh ? "成文日期：\(issuedOn)" : "issued on: \(issuedOn)") }
        let leadSource = responsibleLeadDaysSource.map { zh ? "（依据：“\($0)”）" : " (from \"\($0)\")" }
            ?? (zh ? "（非通知原文；可用 --lead-days 指定）" : " (not read from the notice's text; set with --lead-days)")
        out.append(zh ? "责任单位提前 \(responsibleLeadDays) 日报送\(leadSource)"
                      : "responsible units report \(responsibleLeadDays) day(s) early\(leadSource)")
        for node in nodes {
            let source = node.source.map { zh ? "，依据：“\($0)”" : "; from \"\($0)\"" } ?? (zh ? "，为指定日期，非通知原文" : "; given, not read from the notice's text")
            out.append(zh ? "  节点 \(node.ordinal)：\(node.nodeDate)（牵头单位截止 \(node.leadDueDate)，责任单位截止 \(node.responsibleDueDate)\(source)）"
                          : "  node \(node.ordinal): \(node.nodeDate) (lead due \(node.leadDueDate), responsible due \(node.responsibleDueDate)\(source))")
        }
        for date in planDates {
            out.append(zh ? "  其他时限：\(date.date) \(date.what)（依据：“\(date.source)”，不是报送节点）"
                          : "  other deadline: \(date.date) \(date.what) (from \"\(date.source)\"; not a reporting node)")
        }
        var group: String?
        for task in tasks {
            if let taskGroup = task.group, taskGroup != group {
                out.append("  [\(taskGroup)]")
                group = taskGroup
            }
            let label = task.label.map { " \($0)" } ?? ""
            if let notApplicable = task.notApplicable {
                out.append("  \(task.number).\(label) \(task.title) — \(notApplicable)")
                continue
            }
            out.append("  \(task.number).\(label) \(task.title)" + (task.deadline.map { zh ? "（完成时限：\($0)）" : " (deadline: \($0))" } ?? ""))
            for (role, units) in [(zh ? "牵头" : "lead", task.lead), (zh ? "责任" : "responsible", task.responsible)] where !units.isEmpty {
                out.append("     \(role)\(zh ? "：" : ": ")" + units.map { $0.describe(zh: zh, rosterChecked: rosterChecked) }
                    .joined(separator: zh ? "、" : ", "))
            }
            if !task.subItems.isEmpty {
                out.append(zh ? "     子项：\(task.subItems.joined(separator: "、"))" : "     sub-items: \(task.subItems.joined(separator: ", "))")
            }
            if let people = task.people, !people.isEmpty {
                let list = people.keys.sorted().map { "\($0) \(people[$0]!)" }
                out.append(zh ? "     人员（不作分工）：\(list.joined(separator: "；"))" : "     people (not assigned): \(list.joined(separator: "; "))")
            }
            if !task.proposedIndicators.isEmpty {
                let list = task.proposedIndicators.map { "\($0.name) \(Self.number($0.target)) \($0.measure)" }
                out.append(zh ? "     指标建议（待督查绩效办确认）：\(list.joined(separator: "、"))"
                              : "     proposed indicators (to be confirmed): \(list.joined(separator: ", "))")
            }
        }
        for warning in warnings {
            let place = warning.location.map { zh ? "（\($0)）" : " (\($0))" } ?? ""
            out.append((zh ? "注意" : "warning") + place + (zh ? "：" : ": ") + warning.message.text(for: language))
        }
        if !rosterChecked {
            out.append(zh ? "注意：未连接数据库、未给出 --roster，单位名称未与名册核对。"
                          : "warning: no database and no --roster, so unit names were not checked against a roster.")
        }
        if !unresolved.isEmpty {
            out.append(zh ? "未能对应名册的单位名称（导入前须处理）：" : "names that match no unit of the roster (to fix before importing):")
            for item in unresolved {
                let tasks = item.tasks.map(String.init).joined(separator: zh ? "、" : ", ")
                let hint: String
                if item.vague {
                    hint = zh ? "泛指名称，不会自动新建；请用 --map \"\(item.name)=单位代码,单位代码\" 指定"
                              : "a group term, never created; say which units with --map \"\(item.name)=CODE,CODE\""
                } else if !item.nearest.isEmpty {
                    hint = zh ? "最接近：\(item.nearest.joined(separator: "、"))；可加别名、用 --map 或 --create-missing"
                              : "nearest: \(item.nearest.joined(separator: ", ")); add an alias, or use --map or --create-missing"
                } else {
                    hint = zh ? "名册中无相近单位；可导入名册、用 --map 或 --create-missing" : "no similar unit; import a roster, or use --map or --create-missing"
                }
                out.append(zh ? "  \(item.name)（第\(tasks)项）：\(hint)" : "  \(item.name) (task \(tasks)): \(hint)")
            }
        }
        if let changes, !changes.isEmpty {
            out.append(zh ? "与已导入计划相比的变化：" : "changes against the stored plan:")
            out += changes.map { "  " + (zh ? $0.text.zh : $0.text.en) }
        } else if changes != nil {
            out.append(zh ? "与已导入计划相同，导入不会改动任何内容" : "the same as the stored plan: importing it changes nothing")
        }
        return out
    }

    /// `30`, `1.5`, `12.25`: a target without trailing zeros.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

extension UnitMatch {
    /// `区财政局`, `财政局→区财政局（别名）`, `各街道→8 个单位`, `区海事局（未找到）`.
    func describe(zh: Bool, rosterChecked: Bool) -> String {
        guard rosterChecked else { return written }
        switch how {
        case .name: return written
        case .alias: return "\(written)→\(names.joined(separator: zh ? "、" : ", "))" + (zh ? "（别名）" : " (alias)")
        case .collective, .mapped:
            let kind = how == .mapped ? (zh ? "指定" : "mapped") : (zh ? "统称" : "collective")
            return zh ? "\(written)→\(codes.count) 个单位（\(kind)）" : "\(written)→\(codes.count) units (\(kind))"
        case .unresolved: return written + (zh ? "（未找到）" : " (unresolved)")
        }
    }
}
