import Testing
import DubanCore
import DubanImport

/// A short notice written for one test: the given body paragraphs above a one-row task table in the
/// seed's layout, so only the body's facts vary.
struct BodyNotice {
    static let header = ["序号", "标题", "实事内容", "牵头单位", "责任单位", "完成标准", "城区牵头单位", "城区责任单位"]
    static let row = ["1", "改造一批老旧小区", "启动80个老旧小区改造。", "市住房城乡建设局", "市财政局", "完成50个小区改造。",
                      "区住建局", "区财政局"]

    var paragraphs: [String]
    var options = NoticeOptions()

    init(_ paragraphs: [String], options: NoticeOptions = NoticeOptions()) {
        self.paragraphs = paragraphs
        self.options = options
    }

    var document: NoticeDocument { NoticeDocument(paragraphs: paragraphs, tables: [[Self.header, Self.row]]) }

    func parse() throws -> ParsedPlan { try NoticeParser.parse(document, options: options) }

    /// The error parsing this notice throws, or nil.
    func error() -> NoticeError? {
        do {
            _ = try parse()
            return nil
        } catch let error as NoticeError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }
}

extension LocalDate {
    /// `"2023-03-31"` as a date (tests only).
    static func iso(_ text: String) -> LocalDate { LocalDate(iso: text)! }
}

extension ParsedPlan {
    var warningCodes: [String] { warnings.map(\.code) }
}
