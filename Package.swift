// swift-tools-version:6.0
// AgentSim takes no package dependencies: only the Swift toolchain (ARCHITECTURE.md §1).

import PackageDescription

let package = Package(
    name: "AgentSim",
    products: [
        .library(name: "AgentSim", targets: ["AgentSim"]),
        // The whole command-line tool as a library: a package builds it for its own coordinators
        // with `AgentSimCommand.main(registering: [MyPattern.self])`.
        .library(name: "AgentSimCLI", targets: ["AgentSimCLI"]),
        .executable(name: "agentsim", targets: ["agentsim"]),
        .executable(name: "agentsim-bench", targets: ["AgentSimBenchmarks"]),
    ],
    targets: [
        // The layers below the model, one target each, so that the compiler enforces their order
        // (ARCHITECTURE.md §1): a name from a higher layer does not compile in a lower one.
        .target(name: "AgentSimKernel"),
        .target(name: "AgentSimRandom"),
        .target(name: "AgentSimDistributions", dependencies: ["AgentSimRandom"]),
        .target(name: "AgentSimCompression"),
        .target(name: "AgentSimPolicies", dependencies: ["AgentSimKernel", "AgentSimRandom"]),
        .target(name: "AgentSimMetrics", dependencies: ["AgentSimKernel"]),
        .target(
            name: "AgentSimSpec",
            dependencies: ["AgentSimKernel", "AgentSimDistributions", "AgentSimPolicies"]),
        .target(
            name: "AgentSim",
            dependencies: [
                "AgentSimKernel", "AgentSimRandom", "AgentSimDistributions", "AgentSimCompression",
                "AgentSimPolicies", "AgentSimMetrics", "AgentSimSpec",
            ],
            // rounding (floor, ceil, round) is exact in every libm; the approximated functions
            // (log, exp, ...) come from AgentSimRandom's SimMath instead, so sampling never uses libm.
            // Every product links this target, so the one setting covers the targets below it.
            linkerSettings: [.linkedLibrary("m")]
        ),
        .target(name: "AgentSimCLI", dependencies: ["AgentSim"]),
        .executableTarget(name: "agentsim", dependencies: ["AgentSimCLI"]),
        .executableTarget(
            name: "CustomCoordinatorExample", dependencies: ["AgentSim", "AgentSimCLI"],
            exclude: ["Scenarios"]),
        // A test fixture: agentsim with a pattern that traps in some seeds (chaos trap isolation).
        .executableTarget(
            name: "ChaosTrapFixture", dependencies: ["AgentSim", "AgentSimCLI"],
            path: "Tests/Fixtures/ChaosTrapFixture"),
        .executableTarget(
            name: "AgentSimBenchmarks",
            dependencies: ["AgentSim"],
            path: "Benchmarks/AgentSimBenchmarks"
        ),
        .testTarget(
            name: "AgentSimTests",
            dependencies: [
                "AgentSim", "AgentSimKernel", "AgentSimRandom", "AgentSimDistributions", "AgentSimCompression",
                "AgentSimPolicies", "AgentSimMetrics", "AgentSimSpec",
            ],
            exclude: ["Compression/Fixtures"]),
        .testTarget(name: "AgentSimCLITests", dependencies: ["AgentSimCLI", "AgentSim", "AgentSimSpec"]),
        .testTarget(
            name: "CustomCoordinatorExampleTests",
            dependencies: ["CustomCoordinatorExample", "AgentSim", "AgentSimCLI"]),
    ]
)
