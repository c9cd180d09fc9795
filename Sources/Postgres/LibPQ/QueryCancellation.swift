internal import CLibPQ
import Dispatch
import Synchronization

/// Cancels one statement on the server when the Swift task that awaits it is cancelled.
///
/// The libpq cancel token exists only between ``begin(on:)`` and ``end()``, so a cancel that comes
/// late can never hit the connection's next statement, and one that comes early keeps the statement
/// from being sent at all. `PQcancel` (a short network round trip to the postmaster) runs on a
/// global dispatch queue, never on the cancelling thread, and under the lock, so ``end()`` cannot
/// free the token while it is in use.
final class QueryCancellation: Sendable {
    private enum State {
        case pending(cancelled: Bool)
        case running(token: CancelToken?, cancelRequested: Bool)
        case finished
    }

    /// A `PGcancel *`; `PQcancel` is thread-safe, and the lock orders it before `PQfreeCancel`.
    private struct CancelToken: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private let state = Mutex(State.pending(cancelled: false))

    /// From `withTaskCancellationHandler`'s `onCancel`: any thread, any time.
    func requestCancel() {
        let send = state.withLock { state -> Bool in
            switch state {
            case .pending:
                state = .pending(cancelled: true)
                return false
            case .running(let token, false):
                state = .running(token: token, cancelRequested: true)
                return true
            case .running, .finished:
                return false
            }
        }
        if send { sendCancel(attempt: 0) }
    }

    /// A cancel request that reaches the backend in the instant before the statement arrives is
    /// ignored by the server; so while the same statement still runs, ask again a few times.
    private func sendCancel(attempt: Int) {
        let work: @Sendable () -> Void = { [self] in
            let stillRunning = state.withLock { state -> Bool in
                guard case .running(let token?, true) = state else { return false }
                var buffer = [CChar](repeating: 0, count: 256)
                _ = PQcancel(token.pointer, &buffer, Int32(buffer.count))
                return true
            }
            if stillRunning && attempt < 6 { sendCancel(attempt: attempt + 1) }
        }
        if attempt == 0 {
            DispatchQueue.global().async(execute: work)
        } else {
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100 << attempt), execute: work)
        }
    }

    /// On the connection's queue, right before the statement is sent. False: cancelled already; do not send.
    func begin(on connection: OpaquePointer) -> Bool {
        let token = PQgetCancel(connection).map(CancelToken.init)
        let begun = state.withLock { state in
            if case .pending(cancelled: true) = state { return false }
            state = .running(token: token, cancelRequested: false)
            return true
        }
        if !begun, let token { PQfreeCancel(token.pointer) }
        return begun
    }

    /// On the connection's queue, right after the statement returned. True when a cancel was requested meanwhile.
    func end() -> Bool {
        let (token, cancelRequested) = state.withLock { state -> (CancelToken?, Bool) in
            defer { state = .finished }
            switch state {
            case .running(let token, let cancelRequested): return (token, cancelRequested)
            case .pending(let cancelled): return (nil, cancelled)
            case .finished: return (nil, false)
            }
        }
        if let token { PQfreeCancel(token.pointer) }
        return cancelRequested
    }
}
