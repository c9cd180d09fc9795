import Foundation

/// RFC 3986 percent-encoding for one path step or one query name or value: everything but the
/// unreserved characters (`A-Z a-z 0-9 - . _ ~`) is encoded as UTF-8 bytes, so a login such as
/// `a/b` or `张三` or a time with `+08:00` reaches the server as the user typed it.
enum PercentEncoding {
    private static let unreserved = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ text: String) -> String {
        // Only fails for unpaired surrogates, which a Swift String cannot hold.
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
