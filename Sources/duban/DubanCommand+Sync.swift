import ArgumentParser
import DubanClient
import DubanCore
import Foundation

extension DubanCommand {
    /// `duban sync`.
    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send what you wrote offline and fetch what changed (同步).",
            discussion: """
                Uploads evidence files, sends the outbox in order, then pulls every change. It can be \
                interrupted at any point and run again: nothing is lost or applied twice. A change the \
                server refuses moves to the quarantine (`duban outbox`) and never blocks the rest. \
                --verify then compares per-task checksums with the server and re-fetches only the tasks \
                that differ. --watch keeps syncing: after each sync it waits on the server (long polling,                 woken by any server of the system as soon as something you may see changes) and syncs again                 at once, or after --interval seconds at the latest (to send what was written offline); when                 the server is away it retries with growing pauses. Stop it with Ctrl-C. Run it as a systemd                 user service: Deploy/duban-sync.service.
                """
        )

        @Flag(help: "Afterwards, compare checksums with the server and repair what differs.")
        var verify = false

        @Flag(help: "Keep syncing: at once when the server announces a change, at least every --interval seconds.")
        var watch = false

        @Option(help: "The longest pause between syncs with --watch, in seconds.")
        var interval: Double = 60

        @Flag(help: "Do not connect: only say what waits to be sent.")
        var offline = false

        @Flag(help: "Also print the evidence bytes uploaded and the cursor.")
        var verbose = false

        func validate() throws {
            guard interval >= 1 else { throw ValidationError("--interval must be at least 1 second") }
        }

        func run() async throws {
            let workspace = try CLI.workspace()
            if offline {
                let outbox = try workspace.cache.outbox().count
                let files = try workspace.cache.evidenceToUpload().count
                print(CLI.text(en: "offline: \(outbox) change(s) and \(files) evidence file(s) wait to be sent",
                               zh: "离线：\(outbox) 条修改、\(files) 个佐证材料等待发送"))
                return
            }
            guard watch else {
                try await once(workspace)
                return
            }
            try await watchLoop(workspace)
        }

        /// Syncs, then waits for the server to announce a change (or `interval`), forever; a failed
        /// sync or wait is reported and retried after a growing pause (1 s up to `interval`).
        private func watchLoop(_ workspace: Workspace) async throws {
            var pause = 1.0
            var longPolling = true
            while true {
                do {
                    try await once(workspace)
                    // Flushed at once, so a log file or a pipe shows each sync as it happens.
                    fflush(nil)
                    pause = 1.0
                } catch let error as ClientError {
                    CLI.printError(CLI.text(en: "sync failed: ", zh: "同步失败：") + error.message.text(for: CLI.language))
                    if let line = CLI.requestIdLine(error) { CLI.printError(line) }
                    try await Task.sleep(for: .milliseconds(Int64(pause * 1000)))
                    pause = min(interval, pause * 2)
                    continue
                }
                let until = ContinuousClock.now + .milliseconds(Int64(interval * 1000))
                while longPolling && ContinuousClock.now < until {
                    let left = until - ContinuousClock.now
                    let wait = min(left, .seconds(300))
                    do {
                        let cursor = try workspace.cache.state().cursor
                        let answer = try await APIClient.with(
                            server: workspace.credentials.server, token: workspace.credentials.token,
                            timeouts: .init(connect: .seconds(10), read: wait + .seconds(20), total: wait + .seconds(40))
                        ) { api in
                            try await api.waitForChanges(after: cursor, timeout: wait)
                        }
                        if answer.changed {
                            if verbose {
                                print(CLI.text(en: "the server announced change \(answer.cursor)", zh: "服务器通知有新变更 \(answer.cursor)"))
                                fflush(nil)
                            }
                            break
                        }
                    } catch let error as ClientError where error.status == 404 {
                        // A server without long polling: sync every --interval seconds.
                        longPolling = false
                    } catch let error as ClientError {
                        CLI.printError(CLI.text(en: "waiting for changes failed: ", zh: "等待变更失败：")
                                       + error.message.text(for: CLI.language))
                        if let line = CLI.requestIdLine(error) { CLI.printError(line) }
                        try await Task.sleep(for: .milliseconds(Int64(pause * 1000)))
                        pause = min(interval, pause * 2)
                        break
                    }
                }
                if !longPolling {
                    let left = until - ContinuousClock.now
                    if left > .zero { try await Task.sleep(for: left) }
                }
            }
        }

        private func once(_ workspace: Workspace) async throws {
            guard let (summary, verification) = try await CLI.sync(workspace, verify: verify) else { return }
            print(CLI.summaryLine(summary))
            await CLI.refreshAssessmentCriteriaIfMissing(workspace)
            if verbose {
                let state = try workspace.cache.state()
                print(CLI.text(en: "uploaded bytes: \(summary.uploadedBytes)", zh: "上传字节数：\(summary.uploadedBytes)"))
                print(CLI.text(en: "cursor: \(state.cursor) (epoch \(state.epoch ?? "-"))",
                               zh: "游标：\(state.cursor)（纪元 \(state.epoch ?? "-")）"))
            }
            if summary.refusedFiles > 0 {
                CLI.warn("\(summary.refusedFiles) evidence file(s) were refused by the server; see `duban outbox`",
                         "服务器拒收 \(summary.refusedFiles) 个佐证材料；见 `duban outbox`")
            }
            guard let report = verification else { return }
            if report.repaired.isEmpty {
                print(CLI.text(en: "verified: \(report.checked) task(s) match the server",
                               zh: "校验通过：\(report.checked) 项任务与服务器一致"))
            } else {
                let reference = try workspace.cache.reference()
                for repair in report.repaired {
                    let number = reference.tasks.first { $0.id == repair.taskId }.map { String($0.number) } ?? "#\(repair.taskId)"
                    print(CLI.text(en: "repaired task \(number): \(repair.before) → \(repair.after) revision(s)",
                                   zh: "已修复任务 \(number)：修订 \(repair.before) → \(repair.after)"))
                }
                print(CLI.text(en: "verified: \(report.checked) task(s), \(report.repaired.count) repaired",
                               zh: "校验完成：\(report.checked) 项任务，修复 \(report.repaired.count) 项"))
            }
        }
    }
}
