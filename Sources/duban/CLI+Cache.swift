import ArgumentParser
import DubanClient
import DubanCore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `--offline`: work on the cache only, without the short sync a change otherwise tries.
struct OfflineOptions: ParsableArguments {
    @Flag(help: "Do not try to sync afterwards (the change waits in the outbox for `duban sync`).")
    var offline = false
}

/// The signed-in account's cache, with what the commands around it need.
struct Workspace {
    let cache: LocalCache
    let credentials: Credentials
    let configuration: ClientConfiguration
    let state: SyncState

    /// The unit the account works for; known after the first sync.
    func unitCode() throws -> String {
        guard let unit = state.unitCode else { throw ClientError.neverSynced }
        return unit
    }

    func reference() throws -> ReferenceData {
        let reference = try cache.reference()
        guard !reference.tasks.isEmpty else { throw ClientError.neverSynced }
        return reference
    }
}

extension ClientError {
    static let neverSynced = ClientError(
        code: "client.never_synced",
        message: .init(en: "nothing cached yet: run `duban sync` once while connected",
                       zh: "本地尚无数据：请在联网时先运行一次 `duban sync`"))
}

extension CLI {
    /// "Now": the machine's clock, or `DUBAN_NOW` (an ISO-8601 time or a date) for tests and demonstrations.
    static func now() -> Date {
        if let text = environment["DUBAN_NOW"], !text.isEmpty, let date = TimeInput.parse(text) { return date }
        return Date()
    }

    /// Opens the cache of the signed-in account (works offline).
    static func workspace() throws -> Workspace {
        let paths = CLI.paths
        let credentials = try CredentialStore(paths: paths).require()
        let configuration = try ClientConfiguration.load(from: paths)
        let cache = try LocalCache(paths: paths, credentials: credentials)
        return Workspace(cache: cache, credentials: credentials, configuration: configuration, state: try cache.state())
    }

    /// The workspace, with the plan fetched first when this cache never synced (nothing can be
    /// shown or written without it; afterwards everything works offline).
    static func preparedWorkspace() async throws -> Workspace {
        let workspace = try workspace()
        guard workspace.state.referenceVersion == nil || workspace.state.unitCode == nil else { return workspace }
        do {
            _ = try await sync(workspace)
        } catch let error as ClientError {
            throw ClientError(code: ClientError.neverSynced.code, message: .init(
                en: "nothing cached yet, and the first sync failed: \(error.message.en)",
                zh: "本地尚无数据，首次同步失败：\(error.message.zh)"), requestId: error.requestId)
        }
        return try CLI.workspace()
    }

    /// Where evidence copies live.
    static var evidenceFolder: URL { paths.home.appendingPathComponent("evidence") }

    /// How long a command's short sync waits for the server (`DUBAN_AUTOSYNC_TIMEOUT`, seconds, default 2).
    static var autosyncTimeout: Duration {
        let seconds = environment["DUBAN_AUTOSYNC_TIMEOUT"].flatMap(Double.init) ?? 2
        return .milliseconds(Int64(max(0.1, seconds) * 1000))
    }

    /// The network timeouts of a full sync: the standard ones, with `DUBAN_READ_TIMEOUT` (between
    /// reads) and `DUBAN_REQUEST_TIMEOUT` (one whole exchange), in seconds, when set.
    static var syncTimeouts: APIClient.Timeouts {
        let standard = APIClient.Timeouts.standard
        func seconds(_ name: String) -> Duration? {
            guard let text = environment[name], let value = Double(text), value > 0 else { return nil }
            return .milliseconds(Int64(value * 1000))
        }
        let read = seconds("DUBAN_READ_TIMEOUT") ?? standard.read
        return .init(connect: standard.connect, read: read, total: seconds("DUBAN_REQUEST_TIMEOUT") ?? max(standard.total, read))
    }

    /// A full sync under the cache's lock, printing progress on a terminal.
    static func sync(_ workspace: Workspace, timeouts: APIClient.Timeouts = syncTimeouts, wait: Bool = true) async throws -> SyncSummary? {
        try await sync(workspace, timeouts: timeouts, wait: wait, verify: false)?.summary
    }

    /// A full sync, then (with `verify`) the integrity check, both under the cache's lock.
    static func sync(_ workspace: Workspace, timeouts: APIClient.Timeouts = syncTimeouts, wait: Bool = true,
                     verify: Bool) async throws -> (summary: SyncSummary, verification: VerifyReport?)? {
        guard let lock = try SyncLock.acquire(for: workspace.cache, wait: wait) else { return nil }
        defer { withExtendedLifetime(lock) {} }
        let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1)
        defer { progress.finish() }
        return try await APIClient.with(server: workspace.credentials.server, token: workspace.credentials.token,
                                        timeouts: timeouts) { api in
            var engine = SyncEngine(cache: workspace.cache, api: api, deviceId: workspace.configuration.deviceID,
                                    clock: { CLI.now() })
            engine.progress = { event in progress.show(event) }
            if let size = environment["DUBAN_SYNC_BATCH"].flatMap(Int.init), size > 0 { engine.batchSize = size }
            if let size = environment["DUBAN_SYNC_PAGE"].flatMap(Int.init), size > 0 { engine.pageSize = size }
            let summary = try await engine.run()
            progress.finish()
            return (summary, verify ? try await engine.verify() : nil)
        }
    }

    /// After a change: a short sync when the server answers quickly; otherwise the change waits.
    static func autosync(_ workspace: Workspace, offline: Bool) async {
        if offline { return }
        let timeout = autosyncTimeout
        do {
            guard let summary = try await sync(workspace, timeouts: .init(connect: timeout, read: timeout, total: timeout * 3),
                                            wait: false) else {
                return  // another sync runs and will send it
            }
            print(summaryLine(summary))
        } catch let error as ClientError {
            printError(text(en: "not synced yet (\(error.message.en)); saved here, `duban sync` sends it later",
                            zh: "尚未同步（\(error.message.zh)）；已保存在本机，稍后 `duban sync` 会发送"))
            if let line = requestIdLine(error) { printError(line) }
        } catch {
            printError(text(en: "not synced yet; saved here, `duban sync` sends it later",
                            zh: "尚未同步；已保存在本机，稍后 `duban sync` 会发送"))
        }
    }

    /// `synced: pushed 3, pulled 5, conflicts 1, rejected 0`.
    static func summaryLine(_ summary: SyncSummary) -> String {
        var line = text(en: "synced: pushed \(summary.pushed), pulled \(summary.pulled), conflicts \(summary.conflicts), rejected \(summary.rejected)",
                        zh: "已同步：上传 \(summary.pushed)，下载 \(summary.pulled)，冲突 \(summary.conflicts)，被拒 \(summary.rejected)")
        if summary.uploadedFiles > 0 {
            line += text(en: ", evidence files \(summary.uploadedFiles)", zh: "，佐证材料 \(summary.uploadedFiles) 个")
        }
        if summary.epochChanged {
            line += text(en: " (the server's data was restored: recent changes sent again)",
                         zh: "（服务器数据已恢复：近期修改已重新发送）")
        }
        return line
    }
}

/// A one-line progress display on stderr, redrawn in place; silent when stderr is not a terminal.
final class ProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private var shown = false
    private var last = Date.distantPast

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func show(_ event: SyncProgress) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.1 else { return }
        last = now
        let line: String
        switch event {
        case .uploading(let name, let sent, let total):
            let percent = total > 0 ? Int(sent * 100 / total) : 100
            let width = 24
            let filled = total > 0 ? Int(sent * Int64(width) / total) : width
            line = "\(name) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(percent)% \(sent >> 20)/\(total >> 20) MiB"
        case .pushing(let sent, let total):
            line = CLI.text(en: "pushing \(sent)/\(total)", zh: "上传修改 \(sent)/\(total)")
        case .pulling(let count):
            line = CLI.text(en: "pulled \(count)", zh: "已下载 \(count)")
        }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
        shown = true
    }

    func finish() {
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
    }
}
