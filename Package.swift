// swift-tools-version:6.2
import PackageDescription

// Strict settings for every target, as swift-log and Hummingbird do.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let nioCore = Target.Dependency.product(name: "NIOCore", package: "swift-nio")
let nioPosix = Target.Dependency.product(name: "NIOPosix", package: "swift-nio")
let nioHTTP1 = Target.Dependency.product(name: "NIOHTTP1", package: "swift-nio")
let logging = Target.Dependency.product(name: "Logging", package: "swift-log")
let serviceLifecycle = Target.Dependency.product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser = Target.Dependency.product(name: "ArgumentParser", package: "swift-argument-parser")
let hummingbird = Target.Dependency.product(name: "Hummingbird", package: "hummingbird")
let crypto = Target.Dependency.product(name: "Crypto", package: "swift-crypto")
let nioSSL = Target.Dependency.product(name: "NIOSSL", package: "swift-nio-ssl")
let nioTLS = Target.Dependency.product(name: "NIOTLS", package: "swift-nio")
let hummingbirdTLS = Target.Dependency.product(name: "HummingbirdTLS", package: "hummingbird")
let hummingbirdCore = Target.Dependency.product(name: "HummingbirdCore", package: "hummingbird")

let package = Package(
    name: "iilogs",
    platforms: [.macOS(.v15)],  // Linux is the target; macOS only for local development
    products: [
        .executable(name: "iilogs-agent", targets: ["iilogs-agent"]),
        .executable(name: "iilogs-collector", targets: ["iilogs-collector"]),
        .executable(name: "iilogs", targets: ["iilogs"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // glibc's <malloc.h> (mallopt) for the agent's malloc arena setting; libc, nothing to link.
        .systemLibrary(name: "CMalloc"),
        // glibc's pipe2 and posix_spawn's close-from action, so spawned children (journalctl, rsyslogd, test servers)
        // inherit no other descriptor; libc, nothing to link.
        .systemLibrary(name: "CPosixSpawn"),

        // Records, identity, wire protocol, chunk encoding, syslog parsing, settings: no sockets, no files.
        .target(name: "IILogsCore", dependencies: ["CZlib", nioCore]),
        // The storage engine behind one protocol; SQLite is the embedded default.
        .target(name: "IILogsStore", dependencies: ["IILogsCore", "CSQLite", logging]),
        // The same store protocol on a PostgreSQL server (several collectors on one database). Its own target so the agent never
        // compiles postgres-nio's BoringSSL.
        .target(name: "IILogsPostgresStore", dependencies: ["IILogsCore", "IILogsStore", logging, nioCore, nioPosix, nioSSL,
                                                            .product(name: "PostgresNIO", package: "postgres-nio")]),
        // PEM certificates and keys named by TLS settings, read the same way by the agent and the collector.
        .target(name: "IILogsTLS", dependencies: ["IILogsCore", nioSSL]),
        // Everything that runs on the instance.
        .target(name: "IILogsAgent", dependencies: ["IILogsCore", "IILogsTLS", "CMalloc", "CPosixSpawn", nioCore, nioPosix, nioHTTP1, logging, serviceLifecycle, nioSSL, nioTLS]),
        // Ingest, registry, HTTP API.
        .target(name: "IILogsCollector", dependencies: ["IILogsCore", "IILogsTLS", "IILogsStore", "IILogsRules", "IILogsQueryParsing", nioCore, nioPosix, logging, serviceLifecycle, hummingbird,
                                                        nioHTTP1, crypto, nioSSL, nioTLS, hummingbirdTLS, hummingbirdCore]),
        // The HTTP API's query parameters (logs, tail, metrics, activity) as store queries: pure, no server, so it can be fuzzed.
        .target(name: "IILogsQueryParsing", dependencies: ["IILogsCore", "IILogsStore"]),
        // Rule file, streaming rule engine (quarantine flags) and image health verdicts: pure, no I/O.
        .target(name: "IILogsRules", dependencies: ["IILogsCore", .product(name: "Yams", package: "Yams")]),
        // Typed HTTP client for the collector's API, query rendering, reports.
        .target(name: "IILogsReports", dependencies: ["IILogsCore", "IILogsStore", nioCore, nioPosix, nioHTTP1, nioSSL]),
        // Seeded fleet workloads, the demo and the benchmarks (used by `iilogs demo` and `iilogs bench`).
        .target(name: "IILogsSimulation", dependencies: ["IILogsCore", "IILogsStore", "IILogsAgent", "IILogsCollector", "IILogsReports",
                                                         "CPosixSpawn", nioCore, nioPosix, logging, serviceLifecycle]),
        // Fuzz targets for every decoder (fuzz/run.sh drives them with libFuzzer; tests replay the corpus).
        .target(name: "IILogsFuzzing", dependencies: ["IILogsCore", "IILogsRules", "IILogsQueryParsing", "IILogsStore", nioCore]),
        // Test support shipped as a library (fixtures, temporary folders, process runner).
        .target(name: "IILogsTesting", dependencies: ["IILogsCore", "IILogsStore", "IILogsAgent", "CPosixSpawn", nioCore, nioPosix, nioHTTP1]),

        .executableTarget(name: "iilogs-agent", dependencies: ["IILogsAgent", "IILogsCore", logging],
                          path: "agent", exclude: ["packaging"]),
        .executableTarget(name: "iilogs-collector", dependencies: ["IILogsCollector", "IILogsCore", "IILogsStore", "IILogsPostgresStore", argumentParser, logging, serviceLifecycle],
                          path: "collector", exclude: ["packaging"]),
.executableTarget(name: "iilogs", dependencies: ["IILogsReports", "IILogsSimulation", "IILogsStore", "IILogsPostgresStore", "IILogsCore", "IILogsCollector", "IILogsAgent",
                                                          argumentParser, logging, serviceLifecycle, nioCore, nioPosix],
                          path: "dashboards-cli"),

        .executableTarget(name: "iilogs-fuzz", dependencies: ["IILogsFuzzing"], path: "fuzz/driver"),

        .testTarget(name: "IILogsCoreTests", dependencies: ["IILogsCore", "IILogsTesting", nioCore,
                                                            .product(name: "NIOEmbedded", package: "swift-nio")]),
        .testTarget(name: "IILogsStoreTests", dependencies: ["IILogsStore", "IILogsCore", "IILogsTesting"]),
        .testTarget(name: "IILogsAgentTests", dependencies: ["IILogsAgent", "IILogsCore", "IILogsTesting", nioCore, nioPosix, logging, serviceLifecycle]),
        .testTarget(name: "IILogsCollectorTests", dependencies: ["IILogsCollector", "IILogsCore", "IILogsStore", "IILogsTesting", nioCore, nioPosix, logging, serviceLifecycle, hummingbird]),
        .testTarget(name: "IILogsReportsTests", dependencies: ["IILogsReports", "IILogsCore", "IILogsStore", "IILogsTesting"], resources: [.copy("Golden")]),
        .testTarget(name: "IILogsFuzzingTests", dependencies: ["IILogsFuzzing", "IILogsCore", "IILogsQueryParsing", "IILogsRules", "IILogsStore"]),
        .testTarget(name: "IILogsRulesTests", dependencies: ["IILogsRules", "IILogsCore"]),
        // The behaviours every LogStore must have, run against SQLite and a real PostgreSQL server.
        .testTarget(name: "StoreConformanceTests", dependencies: ["IILogsStore", "IILogsPostgresStore", "IILogsCore", "IILogsTesting", logging,
                                                                  .product(name: "PostgresNIO", package: "postgres-nio")]),
        .testTarget(name: "EndToEndTests", dependencies: ["IILogsCore", "IILogsTesting", "IILogsReports", nioCore]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSettings
}
