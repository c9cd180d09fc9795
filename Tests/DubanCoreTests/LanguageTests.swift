import Testing
import DubanCore

struct LanguageTests {
    @Test func followsPOSIXPrecedence() {
        #expect(Language.from(environment: [:]) == .en)
        #expect(Language.from(environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(Language.from(environment: ["LANG": "en_US.UTF-8"]) == .en)
        #expect(Language.from(environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "C"]) == .en)
        #expect(Language.from(environment: ["LANG": "C", "LC_MESSAGES": "zh_TW"]) == .zh)
        #expect(Language.from(environment: ["LC_ALL": "", "LANG": "zh_CN"]) == .zh)
        #expect(Language.from(environment: ["LC_ALL": "ZH_cn"]) == .zh)
    }

    @Test func picksTheTranslation() {
        let text = LocalizedText(en: "late", zh: "逾期")
        #expect(text.text(for: .en) == "late")
        #expect(text.text(for: .zh) == "逾期")
    }
}
