/// Every kind of offline write a client sends through `POST /v1/sync`. A new kind is a new case
/// here, a payload type conforming to `MutationPayload`, a writer on the server and an outbox
/// handler on the client; the compiler finds every place that must know it.
public enum MutationKind: String, Codable, Sendable, CaseIterable {
    /// A new revision of a unit's report (`ReportWritePayload`).
    case reportWrite = "report.write"
    /// A lead unit's or the supervision office's decision on a report (`ReviewWritePayload`).
    case reviewWrite = "review.write"
    /// A lead unit's year-end assessment sheet for a responsible unit (`AssessmentWritePayload`).
    case assessmentWrite = "assessment.write"
    /// A unit's request for more time or an exemption (`ExtensionRequestPayload`).
    case extensionRequest = "extension.request"
    /// A lead unit's implementation plan for a task (`ImplementationWritePayload`).
    case implementationWrite = "implementation.write"
    /// The supervision office's decision on an implementation plan (`ImplementationReviewPayload`).
    case implementationReview = "implementation.review"

    /// What a person calls the thing the payload carries, for messages.
    public var noun: LocalizedText {
        switch self {
        case .reportWrite: LocalizedText(en: "report", zh: "报告")
        case .reviewWrite: LocalizedText(en: "review", zh: "审核")
        case .assessmentWrite: LocalizedText(en: "assessment", zh: "考核表")
        case .extensionRequest: LocalizedText(en: "extension request", zh: "延期申请")
        case .implementationWrite: LocalizedText(en: "implementation plan", zh: "实施方案")
        case .implementationReview: LocalizedText(en: "implementation plan review", zh: "实施方案审核")
        }
    }
}
