@testable import DubanClient
import DubanCore
import Foundation
import Testing

/// The request id of a failed request reaches the `ClientError` the CLI prints.
@Suite struct ClientObservabilityTests {
    @Test func theBodysRequestIdIsTakenElseTheHeaders() throws {
        let ours = Data(#"{"error":{"code":"auth.invalid_credentials","message":"wrong login or password","message_zh":"账号或密码错误"},"requestId":"0123456789abcdef0123456789abcdef"}"#.utf8)
        let fromBody = APIClient.error(status: 401, retryAfter: nil, body: ours, server: "http://s", authenticated: false,
                                       requestId: "header-id")
        #expect(fromBody.requestId == "0123456789abcdef0123456789abcdef")
        #expect(fromBody.code == "auth.invalid_credentials")

        // A proxy's own page (502 from nginx): no body of ours, the header names the request.
        let proxied = APIClient.error(status: 502, retryAfter: nil, body: Data("<html>Bad Gateway</html>".utf8), server: "http://s",
                                      authenticated: true, requestId: "4f1c0a9e7d2b4c11a0e3b5d6c7e8f901")
        #expect(proxied.code == "client.http_502")
        #expect(proxied.requestId == "4f1c0a9e7d2b4c11a0e3b5d6c7e8f901")

        // An error body without an id (an older server) falls back to the header too.
        let older = Data(#"{"error":{"code":"x","message":"m","message_zh":"消息"}}"#.utf8)
        #expect(APIClient.error(status: 500, retryAfter: nil, body: older, server: "http://s", authenticated: false,
                                requestId: "abc").requestId == "abc")
        #expect(APIClient.error(status: 500, retryAfter: nil, body: older, server: "http://s", authenticated: false).requestId == nil)
    }

    @Test func anUnprintableRequestIdIsDropped() {
        for hostile in ["\u{1B}[31mred", "two words", "", String(repeating: "a", count: 129), "line\nbreak"] {
            let error = APIClient.error(status: 502, retryAfter: nil, body: Data(), server: "http://s", authenticated: false,
                                        requestId: hostile)
            #expect(error.requestId == nil, "\(hostile.debugDescription)")
        }
        let body = Data(#"{"error":{"code":"x","message":"m","message_zh":"消息"},"requestId":"bad\u001b[0m"}"#.utf8)
        #expect(APIClient.error(status: 500, retryAfter: nil, body: body, server: "http://s", authenticated: false,
                                requestId: "fallback").requestId == "fallback")
    }
}
