import Logging
import Postgres
import ServiceLifecycle
import Synchronization

/// Wakes long polls (`GET /v1/sync/wait`) when PostgreSQL announces a change on channel
/// `duban_changes` (migration 0014), whichever server wrote it.
///
/// A waiter states which changes it may see (``Audience``) and the newest change number its
/// database check saw. Numbers commit in order (the change counter's row lock), so every change
/// that check missed has a higher number, and its notification either came before the waiter
/// registered (kept in a short history, looked at on registration) or comes after (delivered to
/// it) — provided the listener was already listening when the check ran, which the caller proves by
/// passing the ``generation`` it read before its check. When that cannot be guaranteed (the listener
/// reconnected or is away, or the history no longer reaches back far enough) the waiter is told to
/// check the database again (``Outcome/recheck``); while the listener is away that is once a second.
final class ChangeNotifier: Service, Sendable {
    /// Which changes a caller may see: the pull's own rule.
    typealias Audience = ChangeScope

    /// A change as announced: its number and whom it concerns.
    struct Change: Sendable, Equatable {
        var seq: Int64
        var unitID: Int64?
        var taskID: Int64?

        /// Parses the payload `seq:unit:task` (empty for NULL); nil when it is not one.
        init?(payload: String) {
            let parts = payload.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, let seq = Int64(parts[0]) else { return nil }
            self.seq = seq
            unitID = parts[1].isEmpty ? nil : Int64(parts[1])
            taskID = parts[2].isEmpty ? nil : Int64(parts[2])
        }

        init(seq: Int64, unitID: Int64?, taskID: Int64?) {
            self.seq = seq
            self.unitID = unitID
            self.taskID = taskID
        }
    }

    /// How a wait ended.
    enum Outcome: Sendable, Equatable {
        /// A change the audience may see, with its number.
        case changed(Int64)
        /// Look at the database again: notifications may have been missed.
        case recheck
        /// Nothing before the deadline (or the server is shutting down).
        case timeout
    }

    static let channel = "duban_changes"
    static let historyLimit = 4096

    private let listener: PostgresListener
    private let logger: Logger
    private let state = Mutex(State())

    private struct State {
        var waiters: [Int: Waiter] = [:]
        var nextID = 0
        var listening = false
        /// Counts the listener's connections: a check made in an earlier one may have missed changes.
        var generation = 0
        var shuttingDown = false
        /// The latest announced changes of this generation, oldest first.
        var history: [Change] = []
        /// The highest number dropped from the history: a waiter whose check saw less must check again.
        var forgottenThrough: Int64 = .min
    }

    private struct Waiter {
        var audience: Audience
        var continuation: CheckedContinuation<Outcome, Never>
        /// Ends the wait at its deadline; cancelled when something else ends it first.
        var timer: Task<Void, Never>?

        func resume(_ outcome: Outcome) {
            timer?.cancel()
            continuation.resume(returning: outcome)
        }
    }

    /// A notifier that listens through a direct connection made with `configuration`.
    init(configuration: PostgresConfiguration, logger: Logger) {
        listener = PostgresListener(configuration: configuration, channels: [Self.channel], logger: logger)
        self.logger = logger
    }

    /// Long polls waiting now.
    var waiterCount: Int { state.withLock { $0.waiters.count } }

    /// Whether the listener is connected (long polls are woken at once rather than by re-checking).
    var isListening: Bool { state.withLock { $0.listening } }

    /// The listener's current connection; read it before the database check that precedes ``wait(for:checkedThrough:generation:until:)``.
    var generation: Int { state.withLock { $0.generation } }

    /// Waits until a change `audience` may see is announced with a number above `checkedThrough`
    /// (the newest number the caller's database check saw, made during `generation`), or `deadline`.
    func wait(for audience: Audience, checkedThrough: Int64, generation: Int, until deadline: ContinuousClock.Instant) async -> Outcome {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                // (outcome, pause first): answered without waiting for a notification.
                let immediate = state.withLock { state -> (Outcome, Bool)? in
                    if state.shuttingDown { return (.timeout, false) }
                    // Not listening: nobody would wake this waiter; poll the database instead, a second later.
                    if !state.listening { return (.recheck, true) }
                    if state.generation != generation || state.forgottenThrough > checkedThrough { return (.recheck, false) }
                    if let seen = state.history.first(where: { $0.seq > checkedThrough && audience.sees($0) }) {
                        return (.changed(seen.seq), false)
                    }
                    state.waiters[id] = Waiter(audience: audience, continuation: continuation)
                    return nil
                }
                if let (outcome, pause) = immediate {
                    if pause {
                        Task {
                            try? await Task.sleep(until: min(deadline, .now + .seconds(1)))
                            continuation.resume(returning: outcome)
                        }
                    } else {
                        continuation.resume(returning: outcome)
                    }
                    return
                }
                let timer = Task { [weak self] in
                    try? await Task.sleep(until: deadline)
                    if !Task.isCancelled { self?.finish(id, with: .timeout) }
                }
                let waiting = state.withLock { state -> Bool in
                    guard state.waiters[id] != nil else { return false }
                    state.waiters[id]?.timer = timer
                    return true
                }
                if !waiting { timer.cancel() }
            }
        } onCancel: {
            finish(id, with: .timeout)
        }
    }

    private func finish(_ id: Int, with outcome: Outcome) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        waiter?.resume(outcome)
    }

    /// Hands an announced change to the waiters that may see it.
    func announce(_ change: Change) {
        let woken = state.withLock { state -> [Waiter] in
            state.history.append(change)
            // Trimmed in halves, not one by one: keeps between `historyLimit` and twice as many, at a
            // constant cost per change (removing the first element moves all the others).
            if state.history.count >= 2 * Self.historyLimit {
                let dropped = state.history.count - Self.historyLimit
                state.forgottenThrough = max(state.forgottenThrough, state.history[dropped - 1].seq)
                state.history.removeFirst(dropped)
            }
            let ids = state.waiters.filter { $0.value.audience.sees(change) }.map(\.key)
            return ids.compactMap { state.waiters.removeValue(forKey: $0) }
        }
        for waiter in woken { waiter.resume(.changed(change.seq)) }
    }

    /// Marks the listener connected (after a loss every waiter checks again) or gone.
    func setListening(_ listening: Bool) {
        let woken = state.withLock { state -> [Waiter] in
            state.listening = listening
            // A new connection starts a new generation: checks made before it may have missed changes.
            if listening { state.generation += 1 }
            state.forgottenThrough = .min
            state.history.removeAll()
            let all = Array(state.waiters.values)
            state.waiters.removeAll()
            return all
        }
        for waiter in woken { waiter.resume(.recheck) }
    }

    func run() async throws {
        let events = listener.start()
        await withGracefulShutdownHandler {
            for await event in events {
                switch event {
                case .connected:
                    logger.info("listening for changes", metadata: ["channel": "\(Self.channel)"])
                    setListening(true)
                case .notification(let notification):
                    if let change = Change(payload: notification.payload) { announce(change) }
                case .disconnected(let reason):
                    if isListening { logger.warning("change listener lost its connection; long polls fall back to polling",
                                                    metadata: ["error": "\(reason)"]) }
                    setListening(false)
                }
            }
        } onGracefulShutdown: { [self] in
            beginShutdown()
            listener.stop()
        }
    }

    /// Answers every long poll at once (`.timeout`) and every later one without waiting, so the server
    /// can drain; clients sync and wait again, elsewhere. Called when the server's graceful shutdown
    /// reaches a waiting request (the HTTP server stops first and waits for its requests) or this service.
    func beginShutdown() {
        let woken = state.withLock { state -> [Waiter] in
            state.shuttingDown = true
            let all = Array(state.waiters.values)
            state.waiters.removeAll()
            return all
        }
        for waiter in woken { waiter.resume(.timeout) }
    }
}

extension ChangeScope {
    /// True when this caller may see an announced change.
    func sees(_ change: ChangeNotifier.Change) -> Bool { sees(unitID: change.unitID, taskID: change.taskID) }
}
