extension NoticeDocument {
    /// Reads the plain-text layout of a notice (as a document converter writes a Word file out):
    /// body paragraphs are the non-empty lines before the table; in the table every line that starts
    /// with a tab starts a new cell, a following non-empty line without a tab continues the previous cell,
    /// and an empty line ends a row. A non-tab line after a row has ended is body text again, and a later
    /// tab-led line starts another table. Page-number lines (`— 19 —`) are dropped wherever they are,
    /// so a table that runs over a page break stays one table. LF, CRLF and CR line ends are all accepted.
    ///
    /// Text with no tab-led line is all paragraphs (a notice that lists its tasks as items).
    public init(plainText: String) throws(NoticeError) {
        var paragraphs: [String] = []
        var tables: [[[String]]] = []
        var positions: [Int] = []
        var rows: [[String]] = []       // the table being read
        var cells: [String] = []        // the row being read
        var inTable = false

        func endRow() {
            if !cells.isEmpty { rows.append(cells) }
            cells = []
        }
        func endTable() {
            endRow()
            if inTable { tables.append(rows) }
            rows = []
            inTable = false
        }

        for rawLine in ChineseText.lines(plainText) {
            let line = Self.removingArtifacts(String(rawLine))
            let trimmed = ChineseText.trimmed(line)
            if Self.isPageNumber(trimmed) { continue }
            if line.hasPrefix("\t") {
                if !inTable {
                    inTable = true
                    positions.append(paragraphs.count)
                }
                cells.append(String(line.dropFirst()))
            } else if trimmed.isEmpty {
                if inTable { endRow() }
            } else if inTable && !cells.isEmpty {
                cells[cells.count - 1] += "\n" + line
            } else {
                if inTable { endTable() }
                paragraphs.append(line)
            }
        }
        endTable()

        self = NoticeDocument(paragraphs: paragraphs, tables: tables, tablePositions: positions).normalized()
    }
}
