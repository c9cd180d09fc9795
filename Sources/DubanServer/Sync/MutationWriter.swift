import DubanCore
import Foundation
import Postgres

/// Applies one kind of mutation in the caller's transaction (inside its own savepoint). The payload
/// is already decoded and has passed its own `validate()`; the writer checks what needs the
/// database (assignments, versions, review states) and throws `MutationRejection` for a refusal.
protocol MutationWriter: Sendable {
    associatedtype Payload: MutationPayload

    /// The mutation's answer and the change to publish, if it changed anything others may see.
    func apply(_ payload: Payload, mutation: MutationEnvelope, identity: Identity, receivedAt: Date,
               on connection: PostgresConnection) async throws -> (MutationResult, PublishedChange?)
}

extension MutationWriter {
    /// Decodes, validates and applies a mutation of this writer's kind.
    func apply(_ mutation: MutationEnvelope, identity: Identity, receivedAt: Date, on connection: PostgresConnection) async throws
        -> (MutationResult, PublishedChange?)
    {
        let payload = try Payload.decode(payloadText: mutation.payload)
        try payload.validate()
        return try await apply(payload, mutation: mutation, identity: identity, receivedAt: receivedAt, on: connection)
    }
}

/// The writer of every mutation kind: the one place the server maps a kind to its code.
struct MutationWriters: Sendable {
    let clock: ServerClock

    /// Applies `mutation` with its kind's writer.
    func apply(_ kind: MutationKind, _ mutation: MutationEnvelope, identity: Identity, receivedAt: Date,
               on connection: PostgresConnection) async throws -> (MutationResult, PublishedChange?) {
        switch kind {
        case .reportWrite:
            try await ReportWriter().apply(mutation, identity: identity, receivedAt: receivedAt, on: connection)
        case .reviewWrite:
            try await ReviewWriter().apply(mutation, identity: identity, receivedAt: receivedAt, on: connection)
        case .assessmentWrite:
            try await AssessmentWriter(clock: clock).apply(mutation, identity: identity, receivedAt: receivedAt, on: connection)
        case .extensionRequest:
            try await ExtensionRequestWriter().apply(mutation, identity: identity, receivedAt: receivedAt, on: connection)
        case .implementationWrite:
            try await ImplementationWriter().apply(mutation, identity: identity, receivedAt: receivedAt, on: connection)
        case .implementationReview:
            try await ImplementationReviewWriter().apply(mutation, identity: identity, receivedAt: receivedAt, on: connection)
        }
    }
}
