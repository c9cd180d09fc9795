import DubanCore

/// A record of a CSV text and the line it starts on.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based line the record starts on.
    public var line: Int
    /// The fields, unquoted.
    public var fields: [String]
}

/// Why a CSV text could not be split into records.
public struct CSVSyntaxError: Error, Sendable, Equatable {
    /// The 1-based line where reading failed.
    public var line: Int
    /// What is wrong, in English and Chinese.
    public var reason: LocalizedText
}

/// RFC 4180 reader: `,` separates fields, `"` quotes a field (`""` inside is one quote), a quoted field may
/// hold separators and line breaks, and records end with LF, CRLF or CR. A leading BOM is dropped.
public enum CSVReader {
    /// The records of `text`, in order.
    public static func records(in text: String) throws(CSVSyntaxError) -> [CSVRecord] {
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }

        var records: [CSVRecord] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return iterator.next()
        }
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
        }
        func endRecord() {
            endField()
            records.append(CSVRecord(line: recordLine, fields: fields))
            fields = []
        }
        /// Consumes the LF of a CRLF after a CR has been read.
        func finishLineBreak(_ scalar: Unicode.Scalar) {
            if scalar == "\r" {
                if let following = next(), following != "\n" { pending = following }
            }
            line += 1
        }

        var atFieldStart = true
        var sawAnything = false
        while let scalar = next() {
            sawAnything = true
            if atFieldStart && scalar == "\"" {
                // Quoted field: runs to the closing quote, which must be followed by a separator or line end.
                let openedOn = line
                atFieldStart = false
                quoted: while true {
                    guard let inner = next() else {
                        throw CSVSyntaxError(line: openedOn, reason: LocalizedText(
                            en: "a quoted field is never closed", zh: "引号内的字段没有结束引号"))
                    }
                    switch inner {
                    case "\"":
                        guard let after = next() else { break quoted }
                        if after == "\"" { field.append("\"") } else { pending = after; break quoted }
                    case "\r", "\n":
                        field.append(inner)
                        if inner == "\r", let following = next() {
                            if following == "\n" { field.append(following) } else { pending = following }
                        }
                        line += 1
                    default:
                        field.append(inner)
                    }
                }
                guard let after = next() else { break }
                switch after {
                case ",": endField(); atFieldStart = true
                case "\r", "\n":
                    endRecord(); finishLineBreak(after); recordLine = line; atFieldStart = true
                default:
                    throw CSVSyntaxError(line: line, reason: LocalizedText(
                        en: "text follows the closing quote of a field", zh: "字段的结束引号后还有文字"))
                }
                continue
            }
            switch scalar {
            case ",":
                endField(); atFieldStart = true
            case "\r", "\n":
                endRecord(); finishLineBreak(scalar); recordLine = line; atFieldStart = true
            case "\"":
                throw CSVSyntaxError(line: line, reason: LocalizedText(
                    en: "a quote inside an unquoted field (quote the whole field and double the quote)",
                    zh: "未加引号的字段中出现引号（请给整个字段加引号，并把其中的引号写两次）"))
            default:
                field.append(scalar); atFieldStart = false
            }
        }
        // A last record without a line break; a text ending in a line break has none pending.
        if sawAnything && (!fields.isEmpty || !field.isEmpty || !atFieldStart) {
            endRecord()
        }
        return records
    }
}
