/// Where a connection stands with respect to transactions (libpq's `PQtransactionStatus`).
public enum PostgresTransactionStatus: Sendable, Hashable {
    /// No transaction open.
    case idle
    /// A statement is running.
    case active
    /// Inside a transaction block (after BEGIN), between statements.
    case inTransaction
    /// Inside a failed transaction block: only ROLLBACK works.
    case inError
    /// The connection is broken or closed.
    case unknown
}
