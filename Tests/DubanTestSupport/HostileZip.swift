import Foundation

/// Hand-built zip files for hostile-input tests: bombs whose entries inflate to gigabytes from a few
/// MiB, archives with thousands of entries, and whatever the local and central headers should claim.
/// Built byte by byte (no compressor), so a multi-gigabyte bomb costs the test nothing to make.
public enum HostileZip {
    /// One entry: its name, its stored bytes (already compressed for method 8), and what the headers claim.
    public struct Entry: Sendable {
        public var name: String
        public var method: UInt16
        public var data: [UInt8]
        public var claimedSize: UInt32
        public var crc32: UInt32

        public init(name: String, method: UInt16, data: [UInt8], claimedSize: UInt32, crc32: UInt32 = 0) {
            self.name = name
            self.method = method
            self.data = data
            self.claimedSize = claimedSize
            self.crc32 = crc32
        }

        /// A stored (uncompressed) entry with its real CRC-32.
        public static func stored(_ name: String, _ bytes: [UInt8]) -> Entry {
            Entry(name: name, method: 0, data: bytes, claimedSize: UInt32(bytes.count), crc32: HostileZip.crc32(bytes))
        }
    }

    /// The zip file holding `entries`, with a central directory and end record.
    public static func archive(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        for entry in entries {
            let name = Array(entry.name.utf8)
            let offset = UInt32(out.count)
            let common: [[UInt8]] = [le16(0), le16(entry.method), le16(0), le16(0x21), le32(entry.crc32),
                                     le32(UInt32(entry.data.count)), le32(entry.claimedSize), le16(UInt16(name.count)), le16(0)]
            out += le32(0x0403_4B50)
            out += le16(20)
            out += common.flatMap { $0 }
            out += name
            out += entry.data
            central += le32(0x0201_4B50)
            central += le16(20)
            central += le16(20)
            central += common.flatMap { $0 }
            let tail: [[UInt8]] = [le16(0), le16(0), le16(0), le32(0), le32(offset)]
            central += tail.flatMap { $0 }
            central += name
        }
        let centralOffset = UInt32(out.count)
        out += central
        let end: [[UInt8]] = [le32(0x0605_4B50), le16(0), le16(0), le16(UInt16(entries.count)), le16(UInt16(entries.count)),
                              le32(UInt32(central.count)), le32(centralOffset), le16(0)]
        out += end.flatMap { $0 }
        return out
    }

    /// A raw deflate stream that inflates to `prefix` followed by at least `repeatedBytes` copies of the
    /// prefix's last byte (which must exist): a stored block with the prefix, then identical fixed-Huffman
    /// blocks of length-258/distance-1 matches (about 159:1), then an empty final block. Never finished
    /// XML, as a bomb need not be.
    public static func deflateBomb(prefix: [UInt8], repeatedBytes: Int) -> (stream: [UInt8], inflatedSize: Int) {
        precondition(!prefix.isEmpty && prefix.count < 65_535)
        var stream: [UInt8] = [0x00]
        stream += le16(UInt16(prefix.count))
        stream += le16(~UInt16(prefix.count))
        stream += prefix
        // 8006 matches per block: 3 header bits + 13 bits per match + 7 end-of-block bits = 13 011 whole bytes.
        let matches = 8006
        var bits = BitWriter()
        bits.write(0, count: 1)            // BFINAL = 0
        bits.write(1, count: 2)            // BTYPE = 01 (fixed Huffman)
        for _ in 0..<matches {
            bits.writeCode(0b1100_0101, length: 8) // length code 285: length 258
            bits.writeCode(0, length: 5)           // distance code 0: distance 1
        }
        bits.writeCode(0, length: 7)               // end of block (256)
        let block = bits.bytes
        precondition(bits.isAligned)
        let perBlock = matches * 258
        let blocks = max(1, (repeatedBytes + perBlock - 1) / perBlock)
        stream.reserveCapacity(stream.count + blocks * block.count + 5)
        for _ in 0..<blocks { stream += block }
        stream += [0x01, 0x00, 0x00, 0xFF, 0xFF] // final, empty stored block
        return (stream, prefix.count + blocks * perBlock)
    }

    /// A `.docx` whose `word/document.xml` inflates to at least `inflatedBytes`; the headers claim
    /// `claimedSize` (the truth by default, capped at 4 GiB - 1).
    public static func docxBomb(inflatedBytes: Int, claimedSize: UInt32? = nil) -> [UInt8] {
        let prefix = Array(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/"
            + "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>a").utf8)
        let bomb = deflateBomb(prefix: prefix, repeatedBytes: inflatedBytes)
        let claim = claimedSize ?? UInt32(min(bomb.inflatedSize, Int(UInt32.max)))
        return archive([Entry(name: "word/document.xml", method: 8, data: bomb.stream, claimedSize: claim)])
    }

    public static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    private static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    private static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// Bits as deflate packs them: least significant bit of each byte first.
    private struct BitWriter {
        var bytes: [UInt8] = []
        private var used = 8

        var isAligned: Bool { used == 8 }

        /// A value's `count` bits, least significant first (header fields, extra bits).
        mutating func write(_ value: UInt32, count: Int) {
            for i in 0..<count { put(UInt8((value >> i) & 1)) }
        }

        /// A Huffman code, most significant bit first.
        mutating func writeCode(_ code: UInt32, length: Int) {
            for i in stride(from: length - 1, through: 0, by: -1) { put(UInt8((code >> i) & 1)) }
        }

        private mutating func put(_ bit: UInt8) {
            if used == 8 {
                bytes.append(0)
                used = 0
            }
            bytes[bytes.count - 1] |= bit << used
            used += 1
        }
    }
}
