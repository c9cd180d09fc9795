import Foundation

/// Files of the repository's `Deploy/sample` folder, found from this file's path.
enum Fixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // DubanImportTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    static func url(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Deploy/sample/\(name)")
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }

    static var noticeText: String { get throws { try text("notice-2022.txt") } }
    static var rosterCSV: String { get throws { try text("units-sample.csv") } }
}
