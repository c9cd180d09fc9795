import Foundation

/// Names the quantities of one text from the words around them: the noun after the measure
/// (`5个游园`), else the noun before the number (`新增公办学位2000个`, `覆盖率达到95%`).
struct IndicatorNaming {
    let text: IndicatorText
    let quantities: [Quantity]
    /// The last name given, for `其中1500套达到入住条件`.
    private var lastName: String?

    init(text: IndicatorText, quantities: [Quantity]) {
        self.text = text
        self.quantities = quantities
    }

    /// A name and the phrase it came from, or nil when the words around the quantity name nothing.
    mutating func name(quantityAt index: Int) -> (name: String, phrase: String)? {
        let quantity = quantities[index]
        let after = wordsAfter(quantityAt: index)
        let before = wordsBefore(quantityAt: index)

        var chosen: (name: String, range: Range<Int>)?
        if let after, !isPredicate(after) {
            chosen = (cleaned(after.words), quantity.start..<after.range.upperBound)
        } else if let before {
            chosen = (cleaned(before.words), before.range.lowerBound..<quantity.end)
        } else if let after, before == nil, let lastName, isSubset(quantityAt: index) {
            chosen = (cleaned(lastName + after.words), quantity.start..<after.range.upperBound)
        }
        guard let chosen, isName(chosen.name) else { return nil }
        lastName = chosen.name
        return (chosen.name, text.words(chosen.range))
    }

    /// 至少 anywhere earlier in the quantity's clause, or 约 just before it.
    func leadingQualifier(quantityAt index: Int) -> ProposedIndicator.Qualifier? {
        let quantity = quantities[index]
        if let word = text.longest(of: IndicatorVocabulary.aboutBefore, endingAt: quantity.start),
           !(word == "约" && text[quantity.start - 2].map(Self.wordsEndingInYue.contains) == true) {
            return .about
        }
        let clause = text.scanned(clauseStart(before: quantity.start, stoppingAtListMark: false)..<quantity.start)
        if IndicatorVocabulary.atLeastBefore.contains(where: { clause.contains($0) }) { return .atLeast }
        return nil
    }

    // MARK: - The words around a quantity

    private struct Words: Equatable {
        var words: String
        var range: Range<Int>
    }

    /// The noun phrase after the measure: up to a clause mark, the next quantity, or a stop word.
    private func wordsAfter(quantityAt index: Int) -> Words? {
        var start = quantities[index].end
        if text[start] == "的" { start += 1 }
        // 500盏和…, 8000名免费…: the words after belong to something else.
        if IndicatorVocabulary.nameStops.contains(where: { text.has($0, at: start) }),
           !IndicatorVocabulary.predicates.contains(where: { text.has($0, at: start) }) {
            return nil
        }
        let limit = index + 1 < quantities.count ? quantities[index + 1].start : text.count
        var end = start
        while end < limit, let scalar = text[end] {
            if scalar == "(" {
                // An aside inside the name (公办中小学校（幼儿园）校门…) stays when the name goes on after it.
                guard let close = (end + 1..<limit).first(where: { text[$0] == ")" }),
                      close + 1 < limit, let next = text[close + 1], !IndicatorVocabulary.clauseMarks.contains(next),
                      !(end + 1..<close).contains(where: { $0 < text.count && IndicatorText.isDigit(text.scan[$0]) })
                else { break }
                end = close + 1
                continue
            }
            if IndicatorVocabulary.clauseMarks.contains(scalar) { break }
            if end > start, let stop = IndicatorVocabulary.nameStops.first(where: { text.has($0, at: end) }),
               !(stop == "及" && text.has("及时", at: end)) {
                break
            }
            end += 1
        }
        while let tail = IndicatorVocabulary.trailingNameWords.first(where: { text.has($0, at: end - $0.unicodeScalars.count) }),
              end - tail.unicodeScalars.count > start {
            end -= tail.unicodeScalars.count
        }
        // A closing aside is a remark on the name (游园（广场）), not part of it.
        if end > start, text[end - 1] == ")", let open = (start..<end).last(where: { text[$0] == "(" }) {
            end = open
        }
        guard end > start else { return nil }
        return Words(words: text.words(start..<end), range: start..<end)
    }

    /// The noun phrase before the number, back to the clause start, the list mark or the previous
    /// quantity, without a leading date, leading verbs and fillers, and trailing link words.
    private func wordsBefore(quantityAt index: Int) -> Words? {
        let quantity = quantities[index]
        var start = clauseStart(before: quantity.start, stoppingAtListMark: true)
        if index > 0 { start = max(start, quantities[index - 1].end) }
        var end = quantity.start
        if let dateEnd = lastDateEnd(in: start..<end) { start = max(start, dateEnd) }
        var changed = true
        while changed, start < end {
            changed = false
            // A word is trimmed unless one scalar would be left of the name: 覆盖率 is no 覆盖 + 率.
            if let word = text.longest(of: IndicatorVocabulary.leadingWords, at: start),
               end - (start + word.unicodeScalars.count) != 1, start + word.unicodeScalars.count <= end {
                start += word.unicodeScalars.count
                changed = true
            }
            if let word = text.longest(of: IndicatorVocabulary.trailingWords, endingAt: end),
               end - word.unicodeScalars.count - start != 1, end - word.unicodeScalars.count >= start {
                end -= word.unicodeScalars.count
                changed = true
            }
        }
        guard end > start else { return nil }
        return Words(words: text.words(start..<end), range: start..<end)
    }

    private func clauseStart(before index: Int, stoppingAtListMark: Bool) -> Int {
        var start = index
        while start > 0, let scalar = text[start - 1] {
            if IndicatorVocabulary.clauseMarks.contains(scalar), stoppingAtListMark || scalar != "、" { break }
            start -= 1
        }
        return start
    }

    /// Where the last date or time expression in `range` ends: 2022年12月底前, 年内, 第三季度.
    private func lastDateEnd(in range: Range<Int>) -> Int? {
        let words = text.scanned(range)
        let pattern = #"([0-9〇零一二两三四五六七八九十]+(年度|年|月份|月|日|号|季度)|年|月|季度)(底|末|初|中旬|上旬|下旬)?(前|以前|之前|内|起|期间)?"#
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return nil }
        let matches = expression.matches(in: words, range: NSRange(words.startIndex..., in: words))
        guard let last = matches.last(where: { match in
            guard let found = Range(match.range, in: words) else { return false }
            // A bare 年 or 月 inside a word (年轻人, 老年人) is no date; a number before it or 底/前 after it makes one.
            let spelled = words[found]
            return spelled.unicodeScalars.count > 1
        }), let found = Range(last.range, in: words) else { return nil }
        return range.lowerBound + words[..<found.upperBound].unicodeScalars.count
    }

    private func isPredicate(_ words: Words) -> Bool {
        IndicatorVocabulary.predicates.contains { words.words.hasPrefix($0) }
    }

    /// `其中…` or nothing before the number: the count is part of the last one named.
    private func isSubset(quantityAt index: Int) -> Bool {
        let start = clauseStart(before: quantities[index].start, stoppingAtListMark: true)
        let words = text.scanned(start..<quantities[index].start)
        return words.isEmpty || words.hasSuffix("其中")
    }

    // MARK: - Names

    /// 节约, 签约, 预约: 约 ending a word, not "about".
    private static let wordsEndingInYue: Set<Unicode.Scalar> = ["节", "签", "预", "制", "契", "条", "公", "履", "违", "邀", "简"]

    private static let punctuation = CharacterSet.punctuationCharacters
        .union(ChineseText.padding)
        .union(CharacterSet(charactersIn: IndicatorVocabulary.nameTrim.map { String($0) }.joined()))

    private func cleaned(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: name.unicodeScalars.filter { !IndicatorVocabulary.quotes.contains($0) })
        var name = String(scalars).trimmingCharacters(in: Self.punctuation)
        if name.unicodeScalars.count > 40 {
            name = String(String.UnicodeScalarView(name.unicodeScalars.prefix(40))).trimmingCharacters(in: Self.punctuation)
        }
        return name.precomposedStringWithCanonicalMapping
    }

    /// At least two scalars, a letter among them, no bare number.
    private func isName(_ name: String) -> Bool {
        name.unicodeScalars.count >= 2 && name.unicodeScalars.contains { $0.properties.isAlphabetic }
    }
}
