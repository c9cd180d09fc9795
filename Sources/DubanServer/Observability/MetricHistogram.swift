/// A Prometheus histogram's state: how many observations fell at or below each upper bound, their
/// sum and their count. Kept per bucket and made cumulative when written out.
struct MetricHistogram: Sendable, Equatable {
    /// Upper bounds of the buckets in seconds, ascending; `+Inf` is implied.
    let bounds: [Double]
    /// Observations per bucket (not cumulative); one more than `bounds`, the last for `+Inf`.
    private(set) var counts: [Int]
    /// The sum of every observed value.
    private(set) var sum: Double = 0
    /// How many values were observed.
    private(set) var count: Int = 0

    /// Bounds for HTTP request latencies: 5 ms to 30 s (long polls land in the top buckets).
    static let requestBounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
    /// Bounds for waits for a database connection: 1 ms to 10 s (the acquire timeout is 5 s by default).
    static let poolWaitBounds: [Double] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    init(bounds: [Double]) {
        self.bounds = bounds
        counts = Array(repeating: 0, count: bounds.count + 1)
    }

    /// Counts `value` in the first bucket whose bound is at least `value`.
    mutating func observe(_ value: Double) {
        let index = bounds.firstIndex { value <= $0 } ?? bounds.count
        counts[index] += 1
        sum += value
        count += 1
    }

    /// `(le, cumulative count)` for each bucket, `+Inf` last, as the exposition format wants them.
    var cumulativeBuckets: [(upperBound: Double, count: Int)] {
        var running = 0
        return (bounds + [.infinity]).enumerated().map { index, bound in
            running += counts[index]
            return (bound, running)
        }
    }
}
