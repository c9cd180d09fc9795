// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Duban",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "duban-server", targets: ["duban-server"]),
        .executable(name: "duban", targets: ["duban"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", exact: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", exact: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        // Already in the graph through async-http-client; named for the client's gzip decompression limit.
        .package(url: "https://github.com/apple/swift-nio-extras.git", exact: "1.35.2"),
        // Already in the graph through async-http-client; named for the client's extra trust roots (DUBAN_CA_FILE).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
        // GET /metrics: metric objects on a per-application Prometheus registry, which writes the text format.
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
    ],
    targets: [
        // libpq, the PostgreSQL C client library (Debian: libpq-dev).
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // zlib (Debian: zlib1g-dev), for gzip responses.
        .systemLibrary(
            name: "CDubanZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Our thin, safe Swift layer over libpq.
        .target(
            name: "Postgres",
            dependencies: [
                "CLibPQ",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The domain and the wire protocol, linked by the server and the client. Pure: Foundation only, no I/O, no clock reads.
        .target(name: "DubanCore"),
        // The plan import, used by the server only: the notice parser, the roster reader, and the
        // resolution of a plan's unit names to assignments. Pure, as DubanCore.
        .target(name: "DubanImport", dependencies: ["DubanCore"]),
        // Spreadsheet files both the server and the client write: CSV for spreadsheets, and XLSX workbooks.
        .target(
            name: "DubanSpreadsheet",
            dependencies: [
                "DubanCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // HTTP routes, services, the PostgreSQL store, the migrations runner, importers.
        .target(
            name: "DubanServer",
            dependencies: [
                "DubanCore",
                "DubanImport",
                "DubanSpreadsheet",
                "Postgres",
                "CDubanZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "duban-server",
            dependencies: [
                "DubanServer",
                "DubanImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The client: local cache, outbox, sync engine, HTTP client.
        .target(
            name: "DubanClient",
            dependencies: [
                "DubanCore",
                "DubanSpreadsheet",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "duban",
            dependencies: [
                "DubanClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "DubanTestSupport", dependencies: ["Postgres"], path: "Tests/DubanTestSupport"),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "DubanTestSupport"]),
        .testTarget(name: "DubanCoreTests", dependencies: ["DubanCore"]),
        .testTarget(name: "DubanImportTests", dependencies: ["DubanImport", "DubanCore"]),
        .testTarget(name: "DubanClientTests", dependencies: ["DubanClient", "DubanSpreadsheet", "DubanTestSupport"]),
        .testTarget(
            name: "DubanServerTests",
            dependencies: [
                "DubanServer",
                "DubanCore",
                "DubanImport",
                "DubanSpreadsheet",
                "DubanTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Drives the real binaries (duban-server, duban) as processes.
        .testTarget(name: "DubanEndToEndTests", dependencies: ["DubanCore", "DubanImport", "Postgres", "DubanTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
