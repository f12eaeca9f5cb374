import AgentSim
import Foundation

/// One line of benchmark output (ARCHITECTURE.md §3: `benchmark,size,ops,wall_s,ops_per_s`).
struct BenchmarkRow {
    var benchmark: String
    var size: Int
    var ops: Int
    var wall: Duration

    var csv: String {
        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18
        return "\(benchmark),\(size),\(ops),\(seconds),\(Int((Double(ops) / seconds).rounded()))"
    }
}

let known = ["hold", "mmc"]
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.contains("--help") || arguments.contains("-h") {
    print("usage: agentsim-bench [hold] [mmc]   (default: all)")
    print("prints CSV: benchmark,size,ops,wall_s,ops_per_s")
    exit(0)
}
for name in arguments where !known.contains(name) {
    printError("agentsim-bench: unknown benchmark '\(name)'; known: \(known.joined(separator: ", "))")
    exit(2)
}
let selected = arguments.isEmpty ? known : arguments
let holds = environmentInt("HOLDS") ?? 5_000_000

print("benchmark,size,ops,wall_s,ops_per_s")
for name in selected {
    switch name {
    case "hold":
        for size in [1000, 100_000, 1_000_000] {
            print(holdBenchmark(size: size, holds: max(holds, 5_000_000)).csv)
        }
    case "mmc":
        print(mmcBenchmark(jobs: environmentInt("MMC_JOBS") ?? 1_000_000).csv)
    default:
        break
    }
}
