/// A number with its measure word found in an ``IndicatorText``: `80个以上`, `约3万人`, `95%`.
struct Quantity {
    /// Where the number starts (after any 百分之).
    var start: Int
    /// Just after the measure, its alternative in brackets (`套（间）`) and a trailing qualifier (`以上`).
    var end: Int
    var target: Double
    var measure: String
    /// The qualifier written with the number itself (`余`, `以上`, `左右`, a range); one written before
    /// it (`至少`, `约`) is found by ``IndicatorNaming``.
    var qualifier: ProposedIndicator.Qualifier?
}
