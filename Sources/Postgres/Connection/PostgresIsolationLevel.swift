/// The isolation level of a transaction.
///
/// If you are not sure, use `.readCommitted` (PostgreSQL's default). Choose `.serializable` when
/// a transaction reads data to decide what to write and concurrent ones must not both succeed;
/// then be ready to retry on ``PostgresError/isSerializationFailure``.
public enum PostgresIsolationLevel: Sendable, Hashable {
    /// Each statement sees the data committed before it began (PostgreSQL's default).
    case readCommitted
    /// Every statement sees the data committed before the transaction's first statement.
    case repeatableRead
    /// As if the transactions ran one at a time; conflicting ones fail with SQLSTATE 40001.
    case serializable

    var beginStatement: String {
        switch self {
        case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
        case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
        case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
        }
    }
}
