import Foundation
import Testing
import DubanCore
import DubanImport

/// The seed notice, edited for one test.
struct NoticeEdits {
    var text: String

    init() throws {
        text = try Fixture.noticeText
    }

    /// Replaces `old` (which must occur) with `new`, everywhere.
    func replacing(_ old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation) -> NoticeEdits {
        #expect(text.contains(old), "the seed no longer contains \(old.debugDescription)", sourceLocation: sourceLocation)
        var copy = self
        copy.text = text.replacingOccurrences(of: old, with: new)
        return copy
    }

    func parse() throws -> ParsedPlan {
        try NoticeParser.parse(try NoticeDocument(plainText: text))
    }

    /// The error parsing this text throws, or nil.
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
