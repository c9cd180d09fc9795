/// One row of ``PostgresRows``: raw text by index, or decoded into Swift types.
///
/// `decode` throws ``PostgresError`` (code ``PostgresError/Code/decoding``) for SQL NULL, a
/// missing column or text that does not fit the type; its message names the column, never the value.
/// Use `decodeIfPresent` for nullable columns.
public struct PostgresRow: Sendable {
    let storage: PostgresRows.Storage
    let row: Int

    /// The column names, in order.
    public var columns: [String] { storage.columns }

    /// The raw text of column `index` (PostgreSQL's text output), nil for SQL NULL.
    public subscript(index: Int) -> String? {
        precondition(storage.columns.indices.contains(index), "column index \(index) out of range")
        return storage.values[row * storage.columns.count + index]
    }

    /// The raw text of the column named `column`, nil for SQL NULL or when there is no such column.
    public subscript(column: String) -> String? {
        storage.columnIndexes[column].flatMap { self[$0] }
    }

    /// The value of column `index`; throws for SQL NULL or text that does not fit `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type, at index: Int) throws -> T {
        guard let value = try decodeIfPresent(type, at: index) else {
            throw PostgresError.decoding("column \(describe(index)) is NULL; expected \(T.self)")
        }
        return value
    }

    /// The value of the column named `column`; throws for SQL NULL, a missing column or text that does not fit `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type, column: String) throws -> T {
        try decode(type, at: index(of: column))
    }

    /// The value of column `index`, nil for SQL NULL; throws for text that does not fit `T`.
    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type, at index: Int) throws -> T? {
        guard storage.columns.indices.contains(index) else {
            throw PostgresError.decoding("no column at index \(index); the row has \(storage.columns.count)")
        }
        guard let text = self[index] else { return nil }
        guard let value = T(postgresText: text) else {
            throw PostgresError.decoding("column \(describe(index)) does not hold a valid \(T.self)")
        }
        return value
    }

    /// The value of the column named `column`, nil for SQL NULL; throws for a missing column or text that does not fit `T`.
    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type, column: String) throws -> T? {
        try decodeIfPresent(type, at: index(of: column))
    }

    private func index(of column: String) throws -> Int {
        guard let index = storage.columnIndexes[column] else {
            throw PostgresError.decoding("no column named \"\(column)\"; the row has \(storage.columns)")
        }
        return index
    }

    private func describe(_ index: Int) -> String {
        "\(index) (\"\(storage.columns[index])\")"
    }
}
