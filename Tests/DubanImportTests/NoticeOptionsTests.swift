import DubanCore
import DubanImport
import Testing

/// The options an admin supplies over a notice (the server's `import-plan` and the upload route share them).
@Suite struct NoticeOptionsTests {
    @Test func suppliedOptionsReplaceWhatTheFileSetAndEmptyTextIsNotSupplied() throws {
        let base = NoticeOptions(year: 2023, nodes: [LocalDate(iso: "2023-06-30")!], responsibleLeadDays: 3, title: "表中标题")
        let same = try NoticeOptions.Supplied(year: "", nodes: " ", leadDays: nil, issuer: "", title: nil).applied(to: base)
        #expect(same == base)
        let over = try NoticeOptions.Supplied(timeZone: "Asia/Urumqi", year: "2024", nodes: "2024-03-31, 2024-06-30",
                                              leadDays: "0", issuer: "区委办公室 区政府办公室", title: "新标题").applied(to: base)
        #expect(over == NoticeOptions(timeZone: "Asia/Urumqi", year: 2024,
                                      nodes: [LocalDate(iso: "2024-03-31")!, LocalDate(iso: "2024-06-30")!],
                                      responsibleLeadDays: 0, issuer: "区委办公室 区政府办公室", title: "新标题"))
    }

    @Test func badValuesAreRefusedNamingTheOptionInBothLanguages() {
        let cases: [(NoticeOptions.Supplied, String)] = [
            (.init(timeZone: "Mars/Olympus"), "--time-zone"), (.init(year: "1999"), "--year"), (.init(year: "二〇二三"), "--year"),
            (.init(nodes: "2023-06-30,2023-13-01"), "--nodes"), (.init(leadDays: "61"), "--lead-days"),
            (.init(leadDays: "-1"), "--lead-days"),
        ]
        for (supplied, option) in cases {
            do {
                _ = try supplied.applied()
                Issue.record("\(option) accepted")
            } catch let error as NoticeError {
                #expect(error.code == "notice.bad_option")
                #expect(error.message.en.hasPrefix(option) && error.message.zh.hasPrefix(option), "\(error)")
                #expect(error.message.en.contains("expected") && error.message.zh.contains("应为"))
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}
