import Foundation

/// The payload of one kind of mutation: its wire shape and the rules that need nothing but the
/// payload itself. The client checks them before it saves anything (so an office learns at once,
/// offline, what the server would refuse); the server checks the same before it applies.
public protocol MutationPayload: Codable, Sendable, Equatable {
    /// The kind this payload travels as.
    static var mutationKind: MutationKind { get }
    /// The entity the mutation writes: a report, an extension request, an assessment sheet.
    var entityId: UUID { get }
    /// Throws the first rule this payload breaks.
    func validate() throws(RuleViolation)
}

extension MutationPayload {
    /// The kind's name on the wire, e.g. `report.write`.
    public static var kind: String { mutationKind.rawValue }

    /// The payload as the exact JSON text a mutation carries (what `payload_sha256` covers).
    public func payloadText() throws -> String {
        String(decoding: try WireJSON.encoder().encode(self), as: UTF8.self)
    }

    /// Refuses a payload text larger than `SyncProtocol.maxPayloadBytes`.
    public static func checkSize(payloadText text: String) throws(RuleViolation) {
        guard text.utf8.count <= SyncProtocol.maxPayloadBytes else {
            throw RuleViolation("mutation.too_large",
                                en: "the \(mutationKind.noun.en) is larger than \(SyncProtocol.maxPayloadBytes / 1024) KiB as sent (\(text.utf8.count / 1024) KiB); shorten its text",
                                zh: "\(mutationKind.noun.zh)发送时超过 \(SyncProtocol.maxPayloadBytes / 1024) KiB（\(text.utf8.count / 1024) KiB），请缩短正文")
        }
    }

    /// Decodes a mutation's payload text, refusing what is not this kind's shape.
    public static func decode(payloadText text: String) throws(RuleViolation) -> Self {
        do {
            return try WireJSON.decoder().decode(Self.self, from: Data(text.utf8))
        } catch {
            let noun = mutationKind.noun
            throw RuleViolation("mutation.bad_payload", en: "the \(noun.en) payload is not valid JSON of the expected shape",
                                zh: "\(noun.zh)内容的 JSON 格式不正确")
        }
    }
}
