/// One indicator proposed from a notice's words: a person confirms or edits it before it is tracked.
public struct ProposedIndicator: Sendable, Hashable, Codable {
    /// What is counted, in the notice's words: `健身路径`. Short, no punctuation at either end, NFC.
    public var name: String
    /// The measure word: `套`, `人次`, `%`, `万元`.
    public var measure: String
    /// The number the notice promises, with 万 and 亿 multiplied out unless they belong to the measure (`1.5万人` is 15000 人, `500万元` is 500 万元).
    public var target: Double
    /// How the notice bounds the number, or nil when it states it plainly.
    public var qualifier: Qualifier?
    /// The words it came from, e.g. `30套健身路径`.
    public var phrase: String
    /// The column it came from.
    public var source: Source

    /// How a notice bounds a number.
    public enum Qualifier: String, Sendable, Hashable, Codable {
        /// 至少, 不少于, 不低于, 超过, 以上, 余, or the lower end of a range (`3至5个`).
        case atLeast = "at_least"
        /// 约, 左右, 近.
        case about
    }

    /// The task column an indicator was read from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// 完成标准.
        case completionStandard = "completion_standard"
        /// 实事内容.
        case content
        /// A spreadsheet's indicators sheet (指标), given by the admin rather than read from the notice's words.
        case spreadsheet
    }

    /// Makes an indicator from its fields.
    public init(name: String, measure: String, target: Double, qualifier: Qualifier? = nil,
                phrase: String, source: Source) {
        self.name = name
        self.measure = measure
        self.target = target
        self.qualifier = qualifier
        self.phrase = phrase
        self.source = source
    }
}
