// swift-tools-version:6.0
import PackageDescription

// The layers (DESIGN.md §1): an arrow may only point down this list.
//   IntuneAssignCore        pure model and logic, imports nothing of ours
//   ManifestYAML            libyaml (CYAML, behind one door) → the manifest model
//   PlanRendering           plans and diagnostics as text, markdown and JSON
//   GraphClient             transport seam, sign-in, retries and pacing, paging, $batch, per-kind endpoints
//   IntuneAssignOperations  the workflows: making a plan, applying it, reading a tenant for export; digests
//   GraphHTTP               the real HTTPS transport behind GraphClient's seam
//   GraphSimulator(+Server) the simulated tenant, in-process and on loopback
//   intune-assign           the only target that touches files, environment and the terminal

let package = Package(
    name: "intune-assign",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "intune-assign", targets: ["intune-assign"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already a dependency of async-http-client; named so that GraphHTTP can tell TLS failures apart.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The core is pure Swift; Double rounding still needs libm at link time on Linux.
        .target(
            name: "IntuneAssignCore",
            linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]
        ),
        .target(name: "ManifestYAML", dependencies: ["CYAML", "IntuneAssignCore"]),
        .target(name: "PlanRendering", dependencies: ["IntuneAssignCore"]),
        .target(
            name: "GraphClient",
            dependencies: [
                "IntuneAssignCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "IntuneAssignOperations",
            dependencies: ["IntuneAssignCore", "GraphClient", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "GraphSimulator",
            dependencies: [
                "IntuneAssignCore", "GraphClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        // The real HTTPS transport (AsyncHTTPClient), apart so that the core client and the simulator do not build it.
        .target(
            name: "GraphHTTP",
            dependencies: [
                "GraphClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The simulator on loopback: a thin SwiftNIO HTTP/1 adapter around the same handler.
        .target(
            name: "GraphSimulatorServer",
            dependencies: [
                "GraphSimulator", "GraphClient",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "intune-assign",
            dependencies: [
                "IntuneAssignCore", "ManifestYAML", "PlanRendering", "GraphClient", "IntuneAssignOperations",
                "GraphHTTP",
                "GraphSimulator", "GraphSimulatorServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `swift run -c release manifest-bench`: load-and-validate time against a bare libyaml event scan.
        .executableTarget(name: "manifest-bench", dependencies: ["ManifestYAML", "IntuneAssignCore"]),
        // libFuzzer entry point for the reader and decoder; build it with scripts/fuzz.sh.
        .executableTarget(
            name: "manifest-fuzz",
            dependencies: ["ManifestYAML", "IntuneAssignCore"],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),

        // Test support: fixtures, marked text, the CLI runner and golden files (TestSupport); transports and the
        // simulator harness for everything that talks to Graph (GraphTestSupport).
        .target(
            name: "TestSupport",
            dependencies: ["IntuneAssignCore", "ManifestYAML", "PlanRendering"],
            path: "Tests/TestSupport"
        ),
        .target(
            name: "GraphTestSupport",
            dependencies: [
                "GraphClient", "GraphSimulator", "GraphSimulatorServer", "IntuneAssignCore", "IntuneAssignOperations",
                "ManifestYAML", "TestSupport",
            ],
            path: "Tests/GraphTestSupport"
        ),
        // Fixtures are read from the checkout (see TestSupport's `Repository`), not bundled.
        .testTarget(
            name: "IntuneAssignCoreTests",
            dependencies: ["IntuneAssignCore", "ManifestYAML", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "ManifestYAMLTests",
            dependencies: ["ManifestYAML", "IntuneAssignCore", "PlanRendering", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "GraphClientTests",
            dependencies: [
                "GraphClient", "GraphHTTP", "GraphSimulator", "GraphSimulatorServer", "GraphTestSupport",
                "IntuneAssignCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .testTarget(
            name: "GraphSimulatorTests",
            dependencies: [
                "GraphSimulator", "GraphSimulatorServer", "GraphClient", "GraphTestSupport", "IntuneAssignCore",
                "ManifestYAML", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .testTarget(
            name: "IntuneAssignOperationsTests",
            dependencies: [
                "IntuneAssignOperations", "GraphClient", "GraphSimulator", "GraphTestSupport", "IntuneAssignCore",
                "ManifestYAML", "TestSupport",
            ]
        ),
        .testTarget(
            name: "PlanRenderingTests",
            dependencies: [
                "PlanRendering", "IntuneAssignOperations", "GraphClient", "GraphSimulator", "GraphTestSupport",
                "IntuneAssignCore", "ManifestYAML", "TestSupport",
            ]
        ),
        .testTarget(
            name: "IntuneAssignCLITests",
            dependencies: ["intune-assign", "IntuneAssignCore", "ManifestYAML", "TestSupport"]
        ),
    ]
)

// Settings every Swift target shares (openapi-generator's habit): existential `any` spelt out, and imports internal
// unless a target re-exports them on purpose.
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("InternalImportsByDefault"),
        ]
}
