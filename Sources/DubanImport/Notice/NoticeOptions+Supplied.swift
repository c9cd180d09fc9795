import DubanCore
import Foundation

extension NoticeOptions {
    /// The plan years an admin may name.
    public static let yearRange = 2000...2100
    /// Days before a node an admin may set as the responsible units' lead time.
    public static let leadDaysRange = 0...60

    /// What an admin typed, as text: the server's `import-plan` options and the upload route's query
    /// parameters both come through here, so both accept and refuse the same values.
    public struct Supplied: Sendable, Equatable {
        public var timeZone: String?
        public var year: String?
        /// Comma-separated ISO dates.
        public var nodes: String?
        public var leadDays: String?
        public var issuer: String?
        public var title: String?

        /// Nothing supplied.
        public init(timeZone: String? = nil, year: String? = nil, nodes: String? = nil, leadDays: String? = nil,
                    issuer: String? = nil, title: String? = nil) {
            self.timeZone = timeZone
            self.year = year
            self.nodes = nodes
            self.leadDays = leadDays
            self.issuer = issuer
            self.title = title
        }

        /// `base` (what the file itself set, a spreadsheet's plan sheet) with every supplied option over it;
        /// empty text counts as not supplied. Throws `notice.bad_option` naming the option and the value.
        public func applied(to base: NoticeOptions = NoticeOptions()) throws -> NoticeOptions {
            var options = base
            if let zone = present(timeZone) {
                guard TimeZone(identifier: zone) != nil else {
                    throw Self.bad("time-zone", zone, en: "an IANA time zone such as Asia/Shanghai", zh: "IANA 时区，如 Asia/Shanghai")
                }
                options.timeZone = zone
            }
            if let text = present(year) {
                guard let value = Int(text), NoticeOptions.yearRange.contains(value) else {
                    throw Self.bad("year", text, en: "a year from \(NoticeOptions.yearRange.lowerBound) to \(NoticeOptions.yearRange.upperBound)",
                                   zh: "\(NoticeOptions.yearRange.lowerBound) 至 \(NoticeOptions.yearRange.upperBound) 之间的年份")
                }
                options.year = value
            }
            if let text = present(leadDays) {
                guard let value = Int(text), NoticeOptions.leadDaysRange.contains(value) else {
                    throw Self.bad("lead-days", text, en: "\(NoticeOptions.leadDaysRange.lowerBound) to \(NoticeOptions.leadDaysRange.upperBound) days",
                                   zh: "\(NoticeOptions.leadDaysRange.lowerBound) 至 \(NoticeOptions.leadDaysRange.upperBound) 天")
                }
                options.responsibleLeadDays = value
            }
            if let text = present(nodes) {
                options.nodes = try text.split(separator: ",").map { item in
                    let date = item.trimmingCharacters(in: .whitespaces)
                    guard let parsed = LocalDate(iso: date) else {
                        throw Self.bad("nodes", date, en: "dates YYYY-MM-DD separated by commas", zh: "以逗号分隔的 YYYY-MM-DD 日期")
                    }
                    return parsed
                }
            }
            if let text = present(issuer) { options.issuer = text }
            if let text = present(title) { options.title = text }
            return options
        }

        private func present(_ text: String?) -> String? {
            guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
            return trimmed
        }

        private static func bad(_ option: String, _ value: String, en: String, zh: String) -> NoticeError {
            NoticeError(code: "notice.bad_option", en: "--\(option) \(value): expected \(en)",
                        zh: "--\(option) \(value)：应为\(zh)")
        }
    }
}
