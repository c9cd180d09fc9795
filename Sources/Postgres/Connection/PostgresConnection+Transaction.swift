import Logging

extension PostgresConnection {
    /// Runs `body` inside `BEGIN` ... `COMMIT`.
    ///
    /// When `body` throws, or the task is cancelled, the transaction is rolled back (the
    /// ROLLBACK itself cannot be cancelled) and the error is rethrown; a cancelled task gets
    /// ``PostgresError/Code/cancelled``. A transaction in which a statement failed, even one whose
    /// error `body` caught, is never committed: it is rolled back and SQLSTATE 25P02 thrown.
    ///
    /// Transactions do not nest: calling this inside another throws ``PostgresError/Code/transactionMisuse``.
    /// With `.serializable`, retry the whole call on ``PostgresError/isSerializationFailure``.
    @discardableResult
    nonisolated(nonsending)
    public func transaction<T: Sendable>(
        isolation: PostgresIsolationLevel = .readCommitted,
        _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        switch transactionStatus {
        case .inTransaction, .inError:
            throw PostgresError(code: .transactionMisuse, message: "a transaction is already open on this connection")
        case .idle, .active, .unknown:
            break
        }
        // BEGIN travels with the body's first statement: one round trip fewer per transaction.
        sendWithNext(PostgresQuery(unsafeSQL: isolation.beginStatement))
        let value: T
        do {
            value = try await body(self)
            if Task.isCancelled {
                throw PostgresError(
                    code: .cancelled, sqlState: "57014", message: "the task was cancelled; the transaction was rolled back")
            }
        } catch {
            await rollback(after: error)
            throw error
        }
        if transactionStatus == .inError {
            await rollback(after: nil)
            throw Self.failedTransaction
        }
        if !takePending().isEmpty {
            // The body ran no statement, so BEGIN was never sent: nothing to commit.
            return value
        }
        let commit = try await executeUncancellable("COMMIT")
        if commit.commandTag == "ROLLBACK" {
            throw Self.failedTransaction
        }
        return value
    }

    private static let failedTransaction = PostgresError(
        code: .server, sqlState: "25P02",
        message: "the transaction was rolled back because a statement in it failed")

    /// ROLLBACK if a transaction is open; errors are logged, not thrown (the caller's error matters more).
    func rollback(after error: (any Error)?) async {
        _ = takePending()  // never sent: dropping them is their rollback
        guard isUsable, sentTransactionStatus != .idle else { return }
        do {
            try await executeUncancellable("ROLLBACK")
        } catch let rollbackError {
            logger.warning(
                "postgres ROLLBACK failed",
                metadata: ["error": "\(rollbackError)", "cause": "\(error.map { "\($0)" } ?? "none")"])
        }
    }
}
