/// The rows a statement returned, copied out of libpq: safe to keep and to pass between tasks.
///
/// ```swift
/// for row in try await connection.query("SELECT id, name FROM users") {
///     let id = try row.decode(Int.self, column: "id")
/// }
/// ```
public struct PostgresRows: Sendable, RandomAccessCollection {
    /// The column names, in order.
    public let columns: [String]
    /// Rows inserted, updated, deleted, selected... as the command tag counts them (`PQcmdTuples`); 0 when none apply.
    public let affectedRows: Int
    /// The command tag, such as `"INSERT 0 1"` or `"SELECT 3"`.
    public let commandTag: String

    let storage: Storage

    /// Values of all rows, row after row; nil is SQL NULL.
    final class Storage: Sendable {
        let columns: [String]
        let values: [String?]
        let columnIndexes: [String: Int]

        init(columns: [String], values: [String?]) {
            self.columns = columns
            self.values = values
            // The first of several same-named columns wins, as in SQL's usual reading.
            self.columnIndexes = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    init(columns: [String], values: [String?], rowCount: Int, affectedRows: Int, commandTag: String) {
        self.columns = columns
        self.affectedRows = affectedRows
        self.commandTag = commandTag
        self.storage = Storage(columns: columns, values: values)
        self.endIndex = rowCount
    }

    public var startIndex: Int { 0 }
    public let endIndex: Int

    public subscript(position: Int) -> PostgresRow {
        precondition(indices.contains(position), "row index \(position) out of range 0..<\(endIndex)")
        return PostgresRow(storage: storage, row: position)
    }
}
