/// The isolation level of a transaction.
///
/// If you are not sure, use `.readCommitted` (PostgreSQL's default). Choose `.serializable` when
/// a transaction reads data to decide what to write and concurrent ones must not both succeed;
/// then be ready to retry on ``PostgresError/isSerializationFailure``.
public enum PostgresIsolationLevel: Sendable, Hashable {
    case readCommitted
    case repeatableRead
    case serializable

    var beginStatement: String {
        switch self {
        case .readCommitted: "BEGIN ISOLATION LEVEL READ COMMITTED"
        case .repeatableRead: "BEGIN ISOLATION LEVEL REPEATABLE READ"
        case .serializable: "BEGIN ISOLATION LEVEL SERIALIZABLE"
        }
    }
}
