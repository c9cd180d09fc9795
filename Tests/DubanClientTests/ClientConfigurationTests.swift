@testable import DubanClient
import Testing

@Suite struct ClientConfigurationTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("  https://duban.example.cn//  ", "https://duban.example.cn"),
        ("HTTPS://Duban.Example.CN", "https://duban.example.cn"),
        ("https://gov.example/duban/", "https://gov.example/duban"),
        ("http://[::1]:8080", "http://[::1]:8080"),
    ])
    func normalises(typed: String, expected: String) throws {
        #expect(try ClientConfiguration.normalizedServer(typed) == expected)
    }

    @Test(arguments: [
        "", "ftp://duban.example", "duban.example:8080", "127.0.0.1:8080", "http://", "http:///path",
        "https://user:secret@duban.example", "https://duban.example/?a=b", "https://duban.example/#top",
    ])
    func refuses(typed: String) {
        do {
            _ = try ClientConfiguration.normalizedServer(typed)
            Issue.record("accepted \(typed)")
        } catch let error as ClientError {
            #expect(error.code == "client.bad_server_url")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
