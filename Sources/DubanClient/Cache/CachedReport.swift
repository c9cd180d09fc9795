import DubanCore
import Foundation

/// What a report says: the part of a revision a person writes.
public struct ReportContent: Codable, Sendable, Equatable {
    public var text: String
    public var quantities: [String: Double]
    public var percent: Double?
    /// SHA-256 (hex) of the evidence files.
    public var evidence: [String]
    /// What the unit marks for the public progress page (a lead unit's summary is published once the
    /// supervision office accepts the report); nil: none. A new revision carries it on unless cleared.
    public var publicSummary: String?
    /// Difficulties needing coordination (存在问题及需协调事项); nil: none. Kept by later revisions
    /// unless changed, like the public summary.
    public var difficulties: String?

    public init(text: String, quantities: [String: Double] = [:], percent: Double? = nil, evidence: [String] = [],
                publicSummary: String? = nil, difficulties: String? = nil) {
        self.text = text
        self.quantities = quantities
        self.percent = percent
        self.evidence = evidence
        self.publicSummary = ReportContent.normalizedSummary(publicSummary)
        self.difficulties = ReportContent.normalizedSummary(difficulties)
    }

    /// What a `report.write` mutation carries.
    public init(_ payload: ReportWritePayload) {
        self.init(text: payload.text, quantities: payload.quantities, percent: payload.percent, evidence: payload.evidence ?? [],
                  publicSummary: payload.publicSummary, difficulties: payload.difficulties)
    }

    /// A summary as the server stores it: trimmed, nil when nothing is left.
    public static func normalizedSummary(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    /// This content with the difficulties as typed: nil keeps them, blank removes them.
    public func withDifficulties(_ typed: String?) -> ReportContent {
        guard let typed else { return self }
        var content = self
        content.difficulties = Self.normalizedSummary(typed)
        return content
    }

    /// This content with the public summary as typed: nil (the option left out) keeps the one it
    /// has, an empty or blank text removes it, anything else replaces it (trimmed).
    public func withPublicSummary(_ typed: String?) -> ReportContent {
        guard let typed else { return self }
        var content = self
        content.publicSummary = Self.normalizedSummary(typed)
        return content
    }
}

/// One revision of a report as this machine knows it: stored on the server, or still local.
public struct LocalRevision: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        /// On the server and pulled.
        case synced
        /// The server's answer said it was stored; its full record comes with the next pull.
        case confirmed
        /// Written here, not yet confirmed by the server.
        case pending
        /// Refused by the server: in the quarantine (`duban outbox`).
        case rejected
    }

    public var state: State
    /// The server's revision number; nil while local.
    public var revision: Int?
    public var baseVersion: Int
    public var inConflict: Bool
    public var content: ReportContent
    public var authoredAt: Date
    public var receivedAt: Date?
    public var accountLogin: String?
    public var deviceId: UUID?
    /// The mutation that carries it, while local.
    public var mutationId: UUID?
    /// Why the server refused it (rejected only).
    public var rejection: String?
}

/// A report with every revision known here, newest last.
public struct CachedReport: Codable, Sendable, Equatable {
    public var id: UUID
    public var taskId: Int64
    public var unitCode: String
    public var nodeId: Int64
    /// The newest revision number on the server (0: not there yet).
    public var version: Int
    /// The revision that counts: the newest not in conflict.
    public var headRevision: Int
    /// Revisions in conflict that no later revision resolved.
    public var openConflicts: Int
    public var revisions: [LocalRevision]
    /// Where the report stands with its lead unit, as last synced.
    public var reviewState: ReviewState = .submitted
    /// The lead unit's decisions, oldest first.
    public var reviews: [ReviewRecord] = []
    /// Decisions written here (by the lead unit) and not yet confirmed.
    public var pendingReviews: [PendingReview] = []

    /// The newest decision, if any.
    public var lastReview: ReviewRecord? { reviews.last }

    /// The reason of the return that holds now (state `returned`).
    public var returnReason: String? {
        reviewState == .returned ? reviews.last { $0.decision == .return }?.reason : nil
    }

    /// What the report says now on this machine: the newest local edit, else the head revision.
    public var current: LocalRevision? {
        if let local = revisions.last(where: { $0.state == .pending }) { return local }
        return revisions.first { $0.revision == headRevision } ?? revisions.last { $0.state != .rejected }
    }

    public var pendingCount: Int { revisions.count { $0.state == .pending } }
    public var rejectedCount: Int { revisions.count { $0.state == .rejected } }

    /// `synced`, `pending`, `conflict`, `rejected`: what a listing shows first.
    public var status: String {
        if openConflicts > 0 { return "conflict" }
        if rejectedCount > 0 { return "rejected" }
        if pendingCount > 0 || version == 0 { return "pending" }
        return "synced"
    }

    /// The first 8 hex digits of the id: how reports are shown.
    public var shortId: String { String(id.uuidString.lowercased().prefix(8)) }
}
