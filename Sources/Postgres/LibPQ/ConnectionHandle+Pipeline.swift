internal import CLibPQ

extension ConnectionHandle {
    /// Sends `prefix`, then one statement, in a single round trip (libpq pipeline mode), and returns
    /// the last statement's rows.
    ///
    /// The statements run in order as if sent one by one: the first one that fails stops the rest
    /// (PostgreSQL skips them up to the pipeline's sync) and its error is thrown. A `BEGIN` among
    /// them opens a transaction that stays open after the call, as it would without the pipeline.
    /// Statements with parameters are prepared first, once per connection, like ``execute(_:binds:cancellation:)``.
    func execute(_ sql: String, binds: [PostgresBind], after prefix: [PostgresQuery], cancellation: QueryCancellation?)
        throws -> PostgresRows
    {
        guard !prefix.isEmpty else { return try execute(sql, binds: binds, cancellation: cancellation) }
        let connection = try openConnection(sql: sql, reportedAs: sql)
        let statements = prefix.map { (sql: $0.sql, binds: $0.binds) } + [(sql: sql, binds: binds)]
        var buffers: [ParameterBuffer] = []
        for statement in statements {
            _ = try openConnection(sql: statement.sql, reportedAs: statement.sql)
            guard statement.binds.count <= Int(UInt16.max) else {
                throw PostgresError(
                    code: .invalidArgument, message: "\(statement.binds.count) bind parameters; PostgreSQL takes at most 65535",
                    query: statement.sql)
            }
            buffers.append(try ParameterBuffer(statement.binds, query: statement.sql))
        }
        // Prepared outside the pipeline (PQprepare waits for its answer): only the first time a
        // connection sees a statement.
        var names: [String?] = []
        for (index, statement) in statements.enumerated() {
            let name: Result<String?, PostgresError> = buffers[index].withCArrays { _, _, _, types in
                statement.binds.isEmpty ? .success(nil) : preparedStatement(statement.sql, types: types, on: connection)
            }
            names.append(try name.get())
        }

        guard cancellation?.begin(on: connection) ?? true else { throw PostgresError.cancelledBeforeStart(query: sql) }
        guard PQenterPipelineMode(connection) == 1 else {
            _ = cancellation?.end()
            throw PostgresError(code: .protocolViolation, message: Self.errorMessage(of: connection), query: sql)
        }
        var sent = true
        for (index, statement) in statements.enumerated() where sent {
            sent = buffers[index].withCArrays { values, lengths, formats, types in
                if let name = names[index] {
                    return PQsendQueryPrepared(connection, name, Int32(types.count), values, lengths, formats, 0) == 1
                }
                return PQsendQueryParams(connection, statement.sql, Int32(types.count), types, values, lengths, formats, 0) == 1
            }
        }
        if sent { sent = PQpipelineSync(connection) == 1 }

        // Each statement's results end with a NULL; the sync's own result closes the pipeline.
        var results: [[OpaquePointer]] = []
        var lost = !sent
        for _ in statements.indices where !lost {
            var own: [OpaquePointer] = []
            while let result = PQgetResult(connection) {
                own.append(result)
                if own.count > 4 { break }  // one statement gives one result; never loop on a broken stream
            }
            results.append(own)
            if own.isEmpty && PQstatus(connection) != CONNECTION_OK { lost = true }
        }
        if !lost {
            if let sync = PQgetResult(connection) {
                if PQresultStatus(sync) != PGRES_PIPELINE_SYNC { lost = true }
                PQclear(sync)
            } else {
                lost = true
            }
        }
        if lost || PQexitPipelineMode(connection) != 1 { isBroken = true }
        let cancelRequested = cancellation?.end() ?? false

        // Every result is cleared exactly once; the first failure is the one to report.
        var failure: PostgresError?
        var last: PostgresRows?
        for (index, own) in results.enumerated() {
            for result in own {
                if PQresultStatus(result) == PGRES_PIPELINE_ABORTED {
                    PQclear(result)
                    continue
                }
                do {
                    let rows = try rows(from: result, connection: connection, cancelRequested: cancelRequested,
                                        query: statements[index].sql)
                    if index == statements.count - 1 { last = rows }
                } catch {
                    if failure == nil {
                        failure = error as? PostgresError
                            ?? PostgresError(code: .protocolViolation, message: "\(error)", query: statements[index].sql)
                    }
                }
            }
        }
        if let failure { throw failure }
        guard !isBroken, let last else {
            isBroken = true
            throw PostgresError(code: .connectionLost, message: Self.errorMessage(of: connection), query: sql)
        }
        return last
    }
}
