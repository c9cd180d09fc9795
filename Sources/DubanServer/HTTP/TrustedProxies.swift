import Foundation

/// The reverse proxies whose `X-Forwarded-For` the server believes (`DUBAN_TRUSTED_PROXIES`: IP
/// addresses and CIDR ranges, comma-separated, e.g. `127.0.0.1,::1,10.0.0.0/8`; none by default).
///
/// Behind nginx every connection comes from nginx: without this, sign-in throttling by address would
/// count every client's failures together, and the audit trail would name nginx as every caller's
/// address. A request from a trusted peer is attributed to the right-most address in
/// `X-Forwarded-For` that is not itself a trusted proxy (nginx appends the address it saw, so a
/// client cannot put itself anywhere but to the left of it); from any other peer the header is ignored.
public struct TrustedProxies: Sendable, Equatable {
    /// One address or range, as bytes (4 for IPv4, 16 for IPv6) and a prefix length.
    struct Range: Sendable, Equatable {
        var bytes: [UInt8]
        var prefix: Int

        func contains(_ address: [UInt8]) -> Bool {
            guard address.count == bytes.count else { return false }
            var left = prefix
            for index in bytes.indices where left > 0 {
                let bits = min(8, left)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                if address[index] & mask != bytes[index] & mask { return false }
                left -= bits
            }
            return true
        }
    }

    var ranges: [Range]

    /// No proxy is trusted.
    public static let none = TrustedProxies(ranges: [])

    init(ranges: [Range]) {
        self.ranges = ranges
    }

    /// Parses `DUBAN_TRUSTED_PROXIES`; nil when an entry is not an address or CIDR range.
    public init?(_ text: String) {
        var ranges: [Range] = []
        for entry in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let bytes = Self.bytes(of: String(parts[0])) else { return nil }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...prefix).contains(length) else { return nil }
                prefix = length
            }
            ranges.append(Range(bytes: bytes, prefix: prefix))
        }
        self.ranges = ranges
    }

    /// Whether `address` (textual IPv4 or IPv6) is one of the trusted proxies.
    public func trusts(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }

    /// The client's address: `peer` itself, unless `peer` is trusted and `forwardedFor` names someone.
    public func client(peer: String?, forwardedFor: String?) -> String? {
        guard let peer, !ranges.isEmpty, trusts(peer), let forwardedFor else { return peer }
        let hops = forwardedFor.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard Self.bytes(of: hop) != nil else { return peer }  // a malformed chain: believe only the peer
            if !trusts(hop) { return hop }
        }
        return hops.first ?? peer
    }

    /// The bytes of a textual IPv4 or IPv6 address, or nil.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
