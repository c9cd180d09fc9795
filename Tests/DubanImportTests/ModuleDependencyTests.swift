import Foundation
import Testing

/// The package's module boundaries, read from the manifest (`swift package dump-package`): the client
/// ships neither the plan import nor the server, and the domain depends on nothing.
@Suite struct ModuleDependencyTests {
    /// Modules the client (`DubanClient`, `duban`) must not link, directly or through another target.
    static let serverOnly: Set<String> = ["DubanImport", "DubanServer", "Postgres", "CLibPQ"]

    /// The manifest, read once for all the tests.
    private static let manifest = Result { try Manifest.load() }

    @Test func theClientDependsOnNoServerModule() throws {
        let manifest = try Self.manifest.get()
        for client in ["DubanClient", "duban"] {
            let reached = try manifest.dependencies(of: client)
            #expect(reached.isDisjoint(with: Self.serverOnly),
                    "\(client) depends on \(reached.intersection(Self.serverOnly).sorted())")
            #expect(reached.contains("DubanCore"), "\(client) no longer depends on DubanCore: is the walk still right?")
        }
    }

    @Test func theDomainDependsOnNothing() throws {
        let manifest = try Self.manifest.get()
        #expect(try manifest.directDependencies(of: "DubanCore") == [])
    }

    @Test func theImportDependsOnTheDomainOnly() throws {
        let manifest = try Self.manifest.get()
        #expect(try manifest.directDependencies(of: "DubanImport") == ["DubanCore"])
    }

    /// A client source importing a server module would compile in a full build (every module lands in
    /// the same build folder) even though the manifest does not say so.
    @Test func noClientSourceImportsAServerModule() throws {
        let forbidden = Self.serverOnly.map { "import \($0)" }
        for folder in ["Sources/DubanClient", "Sources/duban"] {
            let root = Fixture.repositoryRoot.appendingPathComponent(folder)
            let files = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil))
            for case let file as URL in files where file.pathExtension == "swift" {
                let lines = try String(contentsOf: file, encoding: .utf8).split(whereSeparator: \.isNewline)
                for line in lines {
                    let text = line.trimmingCharacters(in: .whitespaces)
                    for statement in forbidden where text == statement || text.hasSuffix(" \(statement)") {
                        Issue.record("\(folder)/\(file.lastPathComponent): \(text)")
                    }
                }
            }
        }
    }
}

/// The targets of Package.swift and the names each depends on.
private struct Manifest {
    /// Target name → the names of its dependencies (targets of this package, products of others).
    var targets: [String: [String]]

    /// Runs `swift package dump-package` on the repository, with a scratch folder of its own so it never
    /// waits for the lock of the build that runs this test.
    static func load() throws -> Manifest {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("duban-manifest-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "--package-path", Fixture.repositoryRoot.path,
                             "--scratch-path", scratch.path, "dump-package"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "swift package dump-package failed")

        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(json["targets"] as? [[String: Any]])
        var targets: [String: [String]] = [:]
        for target in list {
            let name = try #require(target["name"] as? String)
            let dependencies = try #require(target["dependencies"] as? [[String: Any]])
            // Each dependency is {"byName": [name, condition]}, {"target": [name, condition]} or
            // {"product": [name, package, moduleAliases, condition]}: the name comes first.
            targets[name] = try dependencies.map { dependency in
                let value = try #require(dependency.values.first as? [Any])
                return try #require(value.first as? String)
            }
        }
        return Manifest(targets: targets)
    }

    func directDependencies(of target: String) throws -> [String] {
        try #require(targets[target], "no target \(target) in Package.swift")
    }

    /// Every name `target` depends on, directly or through the package's own targets.
    func dependencies(of target: String) throws -> Set<String> {
        var reached: Set<String> = []
        var pending = try directDependencies(of: target)
        while let name = pending.popLast() {
            guard reached.insert(name).inserted else { continue }
            pending += targets[name] ?? []  // products of other packages cannot depend on our targets
        }
        return reached
    }
}
