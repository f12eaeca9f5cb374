import AgentSim
import Dispatch
import Foundation

// Chaos-tests the watchdog scheduler (WatchdogScheduler.swift) on a scenario with a chaos spec:
//
//   swift run CustomCoordinatorExample [SCENARIO.json] [--seeds N | --seed S] [--planted-bug] [--out DIR]
//
// Every seed draws its own faults and runs with every invariant checked. A failing seed is printed
// with the command that replays it; the first one is shrunk to a minimal fault schedule, written as
// a scenario file. Exit code 1 when a seed failed, 0 when none did, 2 on bad input.

/// The command line.
struct Options {
    var path = "scenarios/watchdog-desk.json"
    var seeds = 50
    var seed: UInt64?
    var plantedBug = false
    var out: String?

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--seeds": seeds = try Self.number(rest.popFirst(), argument, in: 1...100_000)
            case "--seed": seed = UInt64(try Self.number(rest.popFirst(), argument, in: 0...Int.max))
            case "--planted-bug": plantedBug = true
            case "--out": out = try rest.popFirst() ?? { throw UsageError("--out needs a folder") }()
            case let other where !other.hasPrefix("-"): path = other
            default: throw UsageError("unknown option \(argument)")
            }
        }
    }

    static func number(_ text: String?, _ option: String, in range: ClosedRange<Int>) throws -> Int {
        guard let text, let n = Int(text), range.contains(n) else {
            throw UsageError("\(option) needs a number")
        }
        return n
    }

    /// The command that replays `seed` of `path`.
    func replay(_ path: String, seed: UInt64) -> String {
        "swift run CustomCoordinatorExample \(path) --seed \(seed)" + (plantedBug ? " --planted-bug" : "")
    }
}

struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func main() -> Int32 {
    let options: Options
    let scenario: Scenario
    do {
        options = try Options(Array(CommandLine.arguments.dropFirst()))
        scenario = try ScenarioLoader.load(path: options.path).scenario
    } catch {
        FileHandle.standardError.write("error: \(error)\n".data(using: .utf8)!)
        return 2
    }
    let planted = options.plantedBug
    let runner = ChaosRunner.custom(scenario, excludedRoles: ["dispatcher"], coordinatorRole: "dispatcher") {
        ctx in
        WatchdogScheduler(
            dispatcherRole: "dispatcher", patience: .seconds(300), maxTries: 3, plantedBug: planted, &ctx)
    }
    let seeds = options.seed.map { [$0] } ?? (0..<options.seeds).map { scenario.seed &+ UInt64($0) }

    // Seeds run in parallel; each result lands in its own slot, so the output never depends on
    // which thread finished first.
    let lock = NSLock()
    nonisolated(unsafe) var runs = [ChaosRun?](repeating: nil, count: seeds.count)
    DispatchQueue.concurrentPerform(iterations: seeds.count) { i in
        let run = runner.run(seed: seeds[i])
        lock.withLock { runs[i] = run }
    }
    let failing = runs.compactMap { $0 }.filter(\.failed)
    let pattern = runs.first??.result.summary.pattern ?? ""
    let noun = seeds.count == 1 ? "seed" : "seeds"
    print("chaos: \(scenario.name) (\(pattern)), \(seeds.count) \(noun), \(failing.count) failing")
    for run in failing {
        print("seed \(run.seed): \(run.violation!)")
        print("  replay: " + options.replay(options.path, seed: run.seed))
    }
    guard let first = failing.first, let shrunk = runner.shrink(first) else { return failing.isEmpty ? 0 : 1 }
    print(
        "seed \(first.seed): shrunk \(shrunk.original) → \(shrunk.faults.count) faults in \(shrunk.probes) re-runs"
    )
    for fault in shrunk.faults { print("  - \(fault)") }
    let folder = (options.out ?? "results/\(scenario.name)/chaos") + "/"
    let file = folder + "\(scenario.name)-seed-\(first.seed)-shrunk.json"
    do {
        let text = try ScenarioReplayFile.render(
            path: options.path, overrides: [], seed: first.seed, chaos: runner.chaos, faults: shrunk.faults,
            directory: folder)
        try AtomicFile.write(text, to: file)
        print("  still fails: \(shrunk.run.violation!)")
        print("  replay: " + options.replay(file, seed: first.seed))
    } catch {
        FileHandle.standardError.write("warning: could not write \(file): \(error)\n".data(using: .utf8)!)
    }
    return 1
}

exit(main())
