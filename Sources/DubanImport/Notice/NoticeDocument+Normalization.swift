extension NoticeDocument {
    /// The same document cleaned the way every reader needs it: conversion artifacts such as
    /// `[bookmark: _GoBack]` removed, page-number lines (`— 19 —`, `第 3 页`) dropped, each line trimmed
    /// (ideographic spaces too) with runs of spaces made one, paragraphs split at line breaks and empty ones dropped, a cell's empty lines
    /// dropped. Rows and cells stay where they are, so row numbers in errors match the document.
    public func normalized() -> NoticeDocument {
        var cleanParagraphs: [String] = []
        var positions: [Int] = []
        var nextTable = 0
        func placeTables(upTo rawIndex: Int) {
            while nextTable < tables.count && tablePositions[nextTable] <= rawIndex {
                positions.append(cleanParagraphs.count)
                nextTable += 1
            }
        }
        for (index, paragraph) in paragraphs.enumerated() {
            placeTables(upTo: index)
            cleanParagraphs += Self.cleanLines(paragraph)
        }
        placeTables(upTo: paragraphs.count)
        let cleanTables = tables.map { rows in
            rows.map { cells in cells.map { Self.cleanLines($0).joined(separator: "\n") } }
        }
        return NoticeDocument(paragraphs: cleanParagraphs, tables: cleanTables, tablePositions: positions)
    }

    /// The non-empty, trimmed, artifact-free lines of `text`.
    static func cleanLines(_ text: String) -> [String] {
        ChineseText.lines(removingArtifacts(text)).compactMap { line in
            // A run of spaces is one space: readers never need more, and no pattern then faces a long run.
            let trimmed = ChineseText.trimmed(line).replacing(/[ \t\u{3000}\u{00A0}]{2,}/, with: " ")
            return trimmed.isEmpty || isPageNumber(trimmed) ? nil : trimmed
        }
    }

    /// Removes `[bookmark: name]` markers that document converters leave in plain text.
    static func removingArtifacts(_ text: String) -> String {
        guard text.contains("[bookmark:") else { return text }
        return text.replacing(/\[bookmark:[^\]\n]*\]/, with: "")
    }

    /// A printed page number: `— 19 —`, `- 19 -`, `－19－`, `第19页`, `第 3 页 共 20 页`.
    static func isPageNumber(_ line: String) -> Bool {
        let compact = ChineseText.compactKey(line)
        if compact.wholeMatch(of: /[—–\-―]+[0-9]+[—–\-―]+/) != nil { return true }
        return compact.wholeMatch(of: /第[0-9]+页(,?共[0-9]+页)?/) != nil
    }
}
