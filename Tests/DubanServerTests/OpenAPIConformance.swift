import Foundation
import Synchronization
import Testing

/// Checks a real answer against Deploy/openapi.json the way schemathesis does: the status is
/// documented for the operation, the content type is one the status documents, and a JSON body
/// conforms to its schema. Counts what it checked, so a test can tell it did check.
final class OpenAPIConformance: Sendable {
    struct Answer: Sendable {
        var status: Int
        var contentType: String?
        var body: Data
    }

    let document: OpenAPIJSONValue
    let checker: OpenAPISchemaChecker
    private let state = Mutex<(covered: Set<String>, bodies: Int)>((covered: [], bodies: 0))

    init(document: OpenAPIJSONValue) {
        self.document = document
        checker = OpenAPISchemaChecker(document: document)
    }

    /// Operations (`"GET /v1/me"`) that answered at least once.
    var covered: Set<String> { state.withLock { $0.covered } }
    /// JSON bodies validated against a schema.
    var checkedBodies: Int { state.withLock { $0.bodies } }

    /// Records an issue for each way `answer` departs from the document; returns the parsed JSON body, if any.
    @discardableResult
    func check(_ answer: Answer, method: String, template: String,
               sourceLocation: SourceLocation = #_sourceLocation) -> OpenAPIJSONValue? {
        let key = "\(method.uppercased()) \(template)"
        guard let operation = document["paths"]?[template]?[method.lowercased()] else {
            Issue.record("\(key) is not in the document", sourceLocation: sourceLocation)
            return nil
        }
        state.withLock { _ = $0.covered.insert(key) }
        guard let response = operation["responses"]?[String(answer.status)] ?? operation["responses"]?["default"] else {
            Issue.record("\(key): status \(answer.status) is not documented", sourceLocation: sourceLocation)
            return nil
        }
        guard let content = response["content"]?.objectValue else {
            if !answer.body.isEmpty {
                Issue.record("\(key) \(answer.status): a body where none is documented", sourceLocation: sourceLocation)
            }
            return nil
        }
        let mediaType = (answer.contentType ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        } ?? ""
        guard let media = content[mediaType] else {
            Issue.record("\(key) \(answer.status): content type \(answer.contentType ?? "none") is not one of \(content.keys.sorted())",
                         sourceLocation: sourceLocation)
            return nil
        }
        guard mediaType == "application/json", let schema = media["schema"] else { return nil }
        let value: OpenAPIJSONValue
        do {
            value = try OpenAPIJSONValue.parse(answer.body)
        } catch {
            Issue.record("\(key) \(answer.status): the body is not JSON", sourceLocation: sourceLocation)
            return nil
        }
        let violations = checker.violations(of: value, against: schema)
        state.withLock { $0.bodies += 1 }
        if !violations.isEmpty {
            Issue.record("\(key) \(answer.status): \(violations.joined(separator: "; "))", sourceLocation: sourceLocation)
        }
        return value
    }
}
