/// A snapshot of a ``PostgresConnectionPool``.
public struct PostgresPoolStatistics: Sendable, Hashable, CustomStringConvertible {
    /// Connections open or being opened: `idle + inUse`, never more than `maxConnections`.
    public var open: Int
    /// Open connections waiting in the pool.
    public var idle: Int
    /// Connections lent out (or being opened for a borrower).
    public var inUse: Int
    /// Tasks waiting for a connection.
    public var waiting: Int

    /// A snapshot with these counts (for comparisons in tests).
    public init(open: Int, idle: Int, inUse: Int, waiting: Int) {
        self.open = open
        self.idle = idle
        self.inUse = inUse
        self.waiting = waiting
    }

    public var description: String {
        "open: \(open), idle: \(idle), in use: \(inUse), waiting: \(waiting)"
    }
}
