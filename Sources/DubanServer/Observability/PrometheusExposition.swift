import Foundation

/// Writes the Prometheus text exposition format (version 0.0.4): per family one `# HELP` and one
/// `# TYPE` line, then its samples as `name{label="value",…} number`.
///
/// ```swift
/// var text = PrometheusExposition()
/// text.family("duban_read_fallbacks_total", type: .counter, help: "Reads sent to the primary.")
/// text.sample("duban_read_fallbacks_total", value: 3)
/// let body = text.output
/// ```
struct PrometheusExposition: Sendable {
    /// A metric family's type.
    enum FamilyType: String, Sendable {
        case counter, gauge, histogram
    }

    /// The content type of the format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The text so far.
    private(set) var output = ""

    /// Starts a family: its help text and type.
    mutating func family(_ name: String, type: FamilyType, help: String) {
        output += "# HELP \(name) \(Self.escapeHelp(help))\n"
        output += "# TYPE \(name) \(type.rawValue)\n"
    }

    /// One sample line.
    mutating func sample(_ name: String, labels: [(String, String)] = [], value: Double) {
        output += name
        if !labels.isEmpty {
            output += "{" + labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        output += " \(Self.format(value))\n"
    }

    /// The `_bucket`, `_sum` and `_count` lines of one histogram with these labels.
    mutating func histogram(_ name: String, labels: [(String, String)] = [], _ histogram: MetricHistogram) {
        for bucket in histogram.cumulativeBuckets {
            sample("\(name)_bucket", labels: labels + [("le", Self.format(bucket.upperBound))], value: Double(bucket.count))
        }
        sample("\(name)_sum", labels: labels, value: histogram.sum)
        sample("\(name)_count", labels: labels, value: Double(histogram.count))
    }

    /// A number as the format writes it: integers without a fraction, `+Inf`, `-Inf`, `NaN`.
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A label value with `\`, `"` and line feeds escaped.
    static func escapeLabel(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Help text with `\` and line feeds escaped.
    static func escapeHelp(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
