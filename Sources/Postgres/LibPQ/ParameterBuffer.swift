internal import CLibPQ

/// Bind values laid out for `PQexecParams`: one contiguous buffer with offsets, so every
/// pointer handed to libpq is formed inside `withCArrays` and outlives the call.
struct ParameterBuffer {
    private var bytes: [UInt8] = []
    /// Offset of each value in `bytes`, nil for SQL NULL.
    private var offsets: [Int?] = []
    private var lengths: [Int32] = []
    private var formats: [Int32] = []
    private var types: [Oid] = []

    init(_ binds: [PostgresBind], query: String) throws {
        let total = binds.reduce(0) { $0 + ($1.bytes?.count ?? 0) + 1 }
        bytes.reserveCapacity(total + 1)
        for (index, bind) in binds.enumerated() {
            types.append(bind.typeOID)
            formats.append(bind.format == .binary ? 1 : 0)
            guard let value = bind.bytes else {
                offsets.append(nil)
                lengths.append(0)
                continue
            }
            guard value.count < Int32.max else {
                throw PostgresError(
                    code: .invalidArgument, message: "bind parameter $\(index + 1) is too large", query: query)
            }
            if bind.format == .text && value.contains(0) {
                throw PostgresError(
                    code: .invalidArgument,
                    message: "bind parameter $\(index + 1) contains a NUL byte, which PostgreSQL text cannot hold",
                    query: query)
            }
            offsets.append(bytes.count)
            lengths.append(Int32(value.count))
            bytes.append(contentsOf: value)
            if bind.format == .text { bytes.append(0) }  // libpq reads text values up to a NUL
        }
        // Never empty: an empty non-NULL value (e.g. empty bytea) still gets a real, non-nil address.
        bytes.append(0)
    }

    func withCArrays<R>(
        _ body: (
            _ values: [UnsafePointer<CChar>?], _ lengths: [Int32], _ formats: [Int32], _ types: [Oid]
        ) -> R
    ) -> R {
        bytes.withUnsafeBytes { buffer in
            let base = buffer.baseAddress!
            let values = offsets.map { offset in
                offset.map { (base + $0).assumingMemoryBound(to: CChar.self) }
            }
            return body(values, lengths, formats, types)
        }
    }
}
