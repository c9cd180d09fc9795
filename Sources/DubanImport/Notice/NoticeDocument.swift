/// The notice as read from a .txt or .docx: body paragraphs and the tables' rows of cells,
/// a cell's lines joined with "\n". Readers hand it over ``normalized()``; ``NoticeParser`` reads it.
public struct NoticeDocument: Sendable, Equatable {
    /// Body text outside tables, one entry per paragraph, in document order.
    public var paragraphs: [String]
    /// Each table as rows of cells.
    public var tables: [[[String]]]
    /// For each table, how many of ``paragraphs`` come before it (so the paragraph just above table `t`
    /// is `paragraphs[tablePositions[t] - 1]`). Non-decreasing, at most `paragraphs.count`.
    public var tablePositions: [Int]

    /// A document whose tables all come after the paragraphs.
    public init(paragraphs: [String], tables: [[[String]]]) {
        self.init(paragraphs: paragraphs, tables: tables,
                  tablePositions: Array(repeating: paragraphs.count, count: tables.count))
    }

    /// A document with tables placed among the paragraphs (see ``tablePositions``).
    /// Positions out of range are clamped; missing ones mean "after the last paragraph".
    public init(paragraphs: [String], tables: [[[String]]], tablePositions: [Int]) {
        self.paragraphs = paragraphs
        self.tables = tables
        var positions: [Int] = []
        var floor = 0
        for index in tables.indices {
            let wanted = index < tablePositions.count ? tablePositions[index] : paragraphs.count
            floor = min(max(wanted, floor), paragraphs.count)
            positions.append(floor)
        }
        self.tablePositions = positions
    }
}
