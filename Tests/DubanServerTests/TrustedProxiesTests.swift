import DubanServer
import Testing

/// `DUBAN_TRUSTED_PROXIES`: whose `X-Forwarded-For` is believed, and which hop is the client.
@Suite struct TrustedProxiesTests {
    @Test func addressesAndRangesParse() throws {
        let proxies = try #require(TrustedProxies("127.0.0.1, ::1,10.0.0.0/8 ,fd00::/8"))
        #expect(proxies.trusts("127.0.0.1") && proxies.trusts("::1"))
        #expect(proxies.trusts("10.200.3.4") && !proxies.trusts("11.0.0.1"))
        #expect(proxies.trusts("fd12:3456::1") && !proxies.trusts("fe80::1"))
        #expect(!proxies.trusts("127.0.0.2") && !proxies.trusts("not an address"))
        #expect(try #require(TrustedProxies("")) == .none)
        for bad in ["localhost", "10.0.0.0/33", "::1/129", "1.2.3.4/x", "1.2.3.4/8/2", "10.0.0.0/-1"] {
            #expect(TrustedProxies(bad) == nil, "\(bad)")
        }
        #expect(try #require(TrustedProxies("0.0.0.0/0")).trusts("198.51.100.7"))
    }

    @Test func theClientIsTheRightMostUntrustedHopAndOnlyATrustedPeerIsBelieved() throws {
        let proxies = try #require(TrustedProxies("127.0.0.1,10.0.0.0/8"))
        // nginx on loopback appended what it saw.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: "203.0.113.9") == "203.0.113.9")
        // A client that sends its own header cannot hide behind it: nginx's hop is right-most.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: "198.51.100.1, 203.0.113.9") == "203.0.113.9")
        // Two proxies of ours in a row (a load balancer in 10/8, then nginx).
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: "203.0.113.9, 10.1.2.3") == "203.0.113.9")
        // Someone else's header is ignored.
        #expect(proxies.client(peer: "198.51.100.1", forwardedFor: "203.0.113.9") == "198.51.100.1")
        // No header, a malformed chain, no proxies: the peer.
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: nil) == "127.0.0.1")
        #expect(proxies.client(peer: "127.0.0.1", forwardedFor: "203.0.113.9, garbage") == "127.0.0.1")
        #expect(TrustedProxies.none.client(peer: "127.0.0.1", forwardedFor: "203.0.113.9") == "127.0.0.1")
        #expect(proxies.client(peer: nil, forwardedFor: "203.0.113.9") == nil)
    }
}
