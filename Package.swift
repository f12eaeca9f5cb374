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
        .target(
            name: "AgentSim",
            // rounding (floor, ceil, round) is exact in every libm; the approximated functions
            // (log, exp, ...) come from Random/SimMath.swift instead, so sampling never uses libm.
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
        .testTarget(name: "AgentSimTests", dependencies: ["AgentSim"], exclude: ["Compression/Fixtures"]),
        .testTarget(name: "AgentSimCLITests", dependencies: ["AgentSimCLI", "AgentSim"]),
        .testTarget(
            name: "CustomCoordinatorExampleTests",
            dependencies: ["CustomCoordinatorExample", "AgentSim", "AgentSimCLI"]),
    ]
)
