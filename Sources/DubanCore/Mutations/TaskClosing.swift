/// A task a corrected notice no longer lists is closed: its stored reports, reviews and history stay,
/// nothing more is expected of it (no due date, light, circular line or assessment), and no report or
/// assessment sheet is taken for it. The client refuses such a write offline as the server does.
public enum TaskClosing {
    /// The refusal of a write to a closed task.
    public static func closed(taskNumber: Int) -> RuleViolation {
        RuleViolation("task.closed", en: "task \(taskNumber) was closed: the notice no longer lists it, so it takes no report or sheet",
                      zh: "第 \(taskNumber) 项任务已关闭：通知中已无此项，不再接收报告或评分")
    }
}
