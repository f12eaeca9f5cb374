import Foundation
import Testing

@testable import AgentSim

/// Seeded fuzzing of the `agentsim` binary: no input file may crash it, hang it, or be refused
/// without a location.
///
/// Every case mutates one example scenario (``ScenarioMutator``) and runs `validate`, `run` or
/// `chaos` on it in a subprocess (``FuzzCase``). The default is a small count so `swift test` stays
/// quick; set `AGENTSIM_FUZZ_CASES=N` for more, `AGENTSIM_FUZZ_SEED` for another sequence,
/// `AGENTSIM_BINARY` to fuzz a release build, `AGENTSIM_FUZZ_TIMEOUT` (seconds per case),
/// `AGENTSIM_FUZZ_REPORT=FILE` for every failure's stderr and `AGENTSIM_FUZZ_KEEP=DIR` for the failing
/// scenarios (`case-N.json`, replayed from DIR with the command in the failure's label).
@Suite struct FuzzTests {
    static let environment = ProcessInfo.processInfo.environment
    static let cases = environment["AGENTSIM_FUZZ_CASES"].flatMap { Int($0) } ?? 24
    static let seed = environment["AGENTSIM_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
    static let timeout = environment["AGENTSIM_FUZZ_TIMEOUT"].flatMap { Double($0) } ?? 60

    /// The package's scenarios folder, found from this file's path.
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios").path

    /// The parsed example scenarios, by file name, in name order.
    static func examples() throws -> [(name: String, document: JSONValue)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: scenarios).filter {
            $0.hasSuffix(".json")
        }.sorted()
        return try names.map { name in
            let text = try String(contentsOfFile: "\(scenarios)/\(name)", encoding: .utf8)
            return (name, try JSONParser.parse(text, file: name))
        }
    }

    /// Case `index` of the sequence that starts at `seed`: the same case on every machine.
    static func makeCase(_ index: Int, seed: UInt64, examples: [(name: String, document: JSONValue)])
        -> FuzzCase
    {
        var mutator = ScenarioMutator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(index))
        let example = examples[mutator.below(examples.count)]
        let command: [String] =
            switch mutator.below(10) {
            case 0, 1, 2: ["validate"]
            case 3, 4, 5, 6, 7: ["run", "--replications", "1"]
            default: ["chaos", "--seeds", "2", "--shrink", "1"]
            }
        return FuzzCase(
            command: command, text: mutator.mutate(example.document),
            label:
                "case \(index) (seed \(seed)) from \(example.name): agentsim \(command.joined(separator: " "))"
        )
    }

    @Test func mutatedScenariosNeverCrashHangOrFailUnlocated() throws {
        let binary = try CLIRunEndToEndTests.binary()
        let examples = try Self.examples()
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
        let root = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Each worker gets its own copy of the scenarios folder, so data files resolve.
        for w in 0..<workers {
            try FileManager.default.copyItem(atPath: Self.scenarios, toPath: "\(root)/w\(w)")
        }
        let found = Findings()
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for index in stride(from: w, to: Self.cases, by: workers) {
                let fuzz = Self.makeCase(index, seed: Self.seed, examples: examples)
                do {
                    let (code, failure) = try fuzz.run(
                        binary: binary, in: "\(root)/w\(w)", timeout: Self.timeout)
                    found.add(code: code, command: fuzz.command[0])
                    if let failure {
                        found.add(failure: failure)
                        // Keep the failing scenario, to replay it with the command in its label.
                        if let keep = Self.environment["AGENTSIM_FUZZ_KEEP"] {
                            try? fuzz.text.write(
                                toFile: "\(keep)/case-\(index).json", atomically: true, encoding: .utf8)
                        }
                    }
                } catch {
                    found.add(error: "\(fuzz.label): \(error)")
                }
            }
        }
        let (failures, errors) = found.all
        // How far the cases got: exit 0 means a mutated scenario was accepted and ran to the end.
        print("fuzz: \(Self.cases) cases from seed \(Self.seed): \(found.tally)")
        #expect(errors.isEmpty, "\(errors.prefix(5))")
        if let report = Self.environment["AGENTSIM_FUZZ_REPORT"] {
            let text = failures.map(\.description).joined(separator: "\n---\n")
            try text.write(toFile: report, atomically: true, encoding: .utf8)
        }
        for failure in failures.sorted(by: { $0.label < $1.label }).prefix(20) {
            Issue.record("\(failure)")
        }
        #expect(failures.isEmpty, "\(failures.count) of \(Self.cases) fuzz cases failed")
    }

    /// The harness itself: a case is reproducible from its index, and mutations really mutate.
    @Test func casesAreSeededAndMutate() throws {
        let examples = try Self.examples()
        let a = Self.makeCase(7, seed: 3, examples: examples)
        let b = Self.makeCase(7, seed: 3, examples: examples)
        #expect(a.text == b.text && a.command == b.command)
        // Against the capped originals: the cap alone must not count as a mutation. A mutation can
        // by chance write back what was there (a 0 over a 0), so allow a few of 50 to be unchanged.
        let originals = Set(examples.map { ScenarioMutator.cap($0.document).rendered() })
        let changed = (0..<50).filter {
            !originals.contains(Self.makeCase($0, seed: 3, examples: examples).text)
        }
        #expect(changed.count >= 45, "\(changed.count) of 50 cases changed")
    }

    /// The verdict's location check accepts `FILE:LINE:COL:` and nothing looser.
    @Test func locatedErrors() {
        #expect(FuzzCase.isLocated("case.json:3:14: agents.w.count: must be at least 1\n"))
        #expect(FuzzCase.isLocated("error: data.csv:2:1: not a number\n"))
        #expect(!FuzzCase.isLocated("case.json: agents.w.count: must be at least 1\n"))
        #expect(!FuzzCase.isLocated("error: something went wrong\n"))
    }
}

/// What the workers found, behind a lock.
private final class Findings: @unchecked Sendable {
    private let lock = NSLock()
    private var failures: [FuzzCase.Failure] = []
    private var errors: [String] = []

    func add(failure: FuzzCase.Failure) { lock.withLock { failures.append(failure) } }
    func add(error: String) { lock.withLock { errors.append(error) } }
    private var codes: [String: Int] = [:]

    func add(code: Int32, command: String) {
        lock.withLock {
            codes["\(command) exit \(code == -1 ? "signal/timeout" : String(code))", default: 0] += 1
        }
    }
    var all: ([FuzzCase.Failure], [String]) { lock.withLock { (failures, errors) } }
    var tally: String {
        lock.withLock {
            codes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
        }
    }
}
