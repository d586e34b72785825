// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "intune-assign",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "intune-assign", targets: ["intune-assign"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The core is pure Swift; Double rounding still needs libm at link time on Linux.
        .target(name: "IntuneAssignCore", swiftSettings: strict, linkerSettings: [.linkedLibrary("m", .when(platforms: [.linux]))]),
        .target(name: "ManifestYAML", dependencies: ["CYAML", "IntuneAssignCore"], swiftSettings: strict),
        .target(name: "PlanRendering", dependencies: ["IntuneAssignCore"], swiftSettings: strict),
        .target(
            name: "GraphClient",
            dependencies: [
                "IntuneAssignCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "GraphSimulator",
            dependencies: [
                "IntuneAssignCore", "GraphClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        // The real HTTPS transport (AsyncHTTPClient), apart so that the core client and the simulator do not build it.
        .target(
            name: "GraphHTTP",
            dependencies: [
                "GraphClient",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
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
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "intune-assign",
            dependencies: [
                "IntuneAssignCore", "ManifestYAML", "PlanRendering", "GraphClient", "GraphHTTP", "GraphSimulator",
                "GraphSimulatorServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // `swift run -c release manifest-bench`: load-and-validate time against a bare libyaml event scan.
        .executableTarget(name: "manifest-bench", dependencies: ["ManifestYAML", "IntuneAssignCore"], swiftSettings: strict),
        // libFuzzer entry point for the reader and decoder; build it with scripts/fuzz.sh.
        .executableTarget(
            name: "manifest-fuzz",
            dependencies: ["ManifestYAML", "IntuneAssignCore"],
            swiftSettings: strict + [.unsafeFlags(["-parse-as-library"])]
        ),
        .target(name: "TestSupport", dependencies: ["IntuneAssignCore", "ManifestYAML", "PlanRendering"], path: "Tests/TestSupport", swiftSettings: strict),
        // Fixtures are read from the checkout (see TestSupport's `Repository`), not bundled.
        .testTarget(
            name: "IntuneAssignCoreTests", dependencies: ["IntuneAssignCore", "ManifestYAML", "TestSupport"], exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ManifestYAMLTests",
            dependencies: ["ManifestYAML", "IntuneAssignCore", "PlanRendering", "TestSupport"],
            exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GraphClientTests",
            dependencies: [
                "GraphClient", "GraphHTTP", "GraphSimulator", "GraphSimulatorServer", "IntuneAssignCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GraphSimulatorTests",
            dependencies: [
                "GraphSimulator", "GraphSimulatorServer", "GraphClient", "IntuneAssignCore", "ManifestYAML", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PlanRenderingTests",
            dependencies: [
                "PlanRendering", "GraphClient", "GraphSimulator", "IntuneAssignCore", "ManifestYAML", "TestSupport",
            ],
            exclude: ["Golden"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntuneAssignCLITests",
            dependencies: ["intune-assign", "IntuneAssignCore", "ManifestYAML", "TestSupport"],
            swiftSettings: strict
        ),
    ]
)
