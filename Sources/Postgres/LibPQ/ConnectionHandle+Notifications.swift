internal import CLibPQ
import Foundation

extension ConnectionHandle {
    /// Waits up to `timeoutMilliseconds` for the server to send something, then returns every
    /// notification received (none when the wait ended empty). Throws ``PostgresError/Code/connectionLost``
    /// when the connection broke: a listener must then connect again and assume it missed some.
    func awaitNotifications(timeoutMilliseconds: Int32) throws -> [PostgresNotification] {
        guard let connection, !isBroken, PQstatus(connection) == CONNECTION_OK else {
            throw PostgresError(code: .connectionLost, message: "the listening connection is closed")
        }
        var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, timeoutMilliseconds)
        if ready < 0 && errno != EINTR {
            throw PostgresError(code: .connectionLost, message: "poll failed: \(String(cString: strerror(errno)))")
        }
        if ready > 0 {
            guard PQconsumeInput(connection) == 1 else {
                isBroken = true
                throw PostgresError(code: .connectionLost, message: Self.errorMessage(of: connection))
            }
            _ = PQisBusy(connection)
        }
        var received: [PostgresNotification] = []
        while let notification = PQnotifies(connection) {
            let channel = String(cString: notification.pointee.relname)
            let payload = String(cString: notification.pointee.extra)
            received.append(PostgresNotification(channel: channel, payload: payload,
                                                 backendProcessID: Int(notification.pointee.be_pid)))
            PQfreemem(notification)
        }
        if PQstatus(connection) != CONNECTION_OK || (ready > 0 && descriptor.revents & Int16(POLLHUP | POLLERR) != 0 && received.isEmpty
                                                      && PQconsumeInput(connection) != 1) {
            isBroken = true
            throw PostgresError(code: .connectionLost, message: Self.errorMessage(of: connection))
        }
        return received
    }
}
