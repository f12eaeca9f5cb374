// Soak: peak RSS per pattern must not grow with the number of jobs.
//
// Runs `agentsim compare scenarios/pattern-showdown.json --patterns P` (the scenario fitted to each
// of the 12 patterns, warm-up 0) at a small and a large job count, each in its own process, and
// reads each child's peak RSS from its rusage (ru_maxrss, from wait4). Every pattern keeps state
// only for jobs in flight (the live-state test checks that exactly), and the arrival rate stays the
// same, so the jobs in flight, and with them memory, do not depend on how many jobs the run has: the
// large run may use at most `boundMiB` more than the small one. A leak of even 48 bytes per job (one
// small dictionary entry) would add 4.1 MiB over the 90,000 extra jobs of the default sizes.
//
// Default: 10,000 vs 100,000 jobs. AGENTSIM_SOAK=1: 100,000 vs 1,000,000 (the release check).
// AGENTSIM_SOAK_PATTERNS=a,b limits the patterns.
// Usage: swiftc -O .ci/soak.swift -o .build/soak && .build/soak [AGENTSIM_BINARY]
//        (default .build/release/agentsim). Linux only (ru_maxrss in KiB).
//
// Compiled, not interpreted, and with no Foundation: a child started with posix_spawn (vfork) has
// the parent's peak RSS copied into its own at exec, so the parent must stay far below the ~22 MiB a
// run peaks at. The interpreter (~180 MiB) would mask every child; this binary is ~2 MiB.

import Glibc

let boundMiB = 4.0
// Half the example's 24/min: at 24/min the hub's coordinator is saturated (the example shows it),
// its queue grows with the run and memory with it, which is overload, not a leak.
let rate = "6/min"
var patterns = [
    "pipeline", "hub_and_spoke", "hierarchical", "event_driven", "peer_to_peer", "market",
    "blackboard", "stigmergy", "handoff", "consensus", "human_gate", "hybrid",
]
func environment(_ name: String) -> String? { getenv(name).map { String(cString: $0) } }
let binary = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ".build/release/agentsim"
let (small, large) = environment("AGENTSIM_SOAK") == "1" ? (100_000, 1_000_000) : (10_000, 100_000)
if let only = environment("AGENTSIM_SOAK_PATTERNS"), !only.isEmpty {
    patterns = only.split(separator: ",").map(String.init)
}

func fail(_ message: String) -> Never {
    fputs("soak: " + message + "\n", stderr)
    exit(1)
}

/// `x` with one decimal, as `%.1f` would write it.
func oneDecimal(_ x: Double) -> String {
    let tenths = Int((abs(x) * 10).rounded())
    return (x < 0 && tenths != 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
}

/// Seconds on the monotonic clock (wall time of a child, for the log only).
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Runs `arguments` in a child process with stdout to /dev/null and stderr to `errorFile`; returns
/// its wait status and rusage.
func spawn(_ arguments: [String], errorFile: String = "/dev/null") -> (status: Int32, usage: rusage) {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, errorFile, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
    guard spawned == 0 else { fail("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    var usage = rusage()
    guard wait4(pid, &status, 0, &usage) == pid else { fail("wait4 failed for \(arguments[0])") }
    return (status, usage)
}

/// Runs one compare in a child process; returns its peak RSS in MiB and the wall seconds it took.
func peakRSS(_ pattern: String, jobs: Int, out: String) -> (mib: Double, seconds: Double) {
    let start = now()
    let errorFile = out + ".stderr"
    let (status, usage) = spawn([
        binary, "compare", "scenarios/pattern-showdown.json", "--patterns", pattern,
        "--set", "workload.jobs=\(jobs)", "--set", "workload.warmup=0s",
        "--set", "workload.arrivals.rate=\(rate)", "--out", out,
    ], errorFile: errorFile)
    let exited = (status & 0x7f) == 0
    let code = (status >> 8) & 0xff
    guard exited, code == 0 else {
        if let file = fopen(errorFile, "r") {  // what the child said, before the verdict
            var buffer = [CChar](repeating: 0, count: 4096)
            while fgets(&buffer, 4096, file) != nil { fputs(String(cString: buffer), stderr) }
            fclose(file)
        }
        fail("\(pattern) at \(jobs) jobs " + (exited ? "exited \(code)" : "died of signal \(status & 0x7f)"))
    }
    return (Double(usage.ru_maxrss) / 1024, now() - start)  // ru_maxrss is in KiB on Linux
}

var template = Array("/tmp/agentsim-soak-XXXXXX".utf8CString)
guard let made = mkdtemp(&template) else { fail("cannot make a temporary folder") }
let tmp = String(cString: made)
var failed = false
print("pattern,rss_mib_\(small),rss_mib_\(large),growth_mib,wall_s")
for p in patterns {
    let a = peakRSS(p, jobs: small, out: "\(tmp)/\(p)-small")
    let b = peakRSS(p, jobs: large, out: "\(tmp)/\(p)-large")
    let growth = b.mib - a.mib
    print("\(p),\(oneDecimal(a.mib)),\(oneDecimal(b.mib)),\(oneDecimal(growth)),\(oneDecimal(a.seconds + b.seconds))")
    fflush(stdout)
    if growth > boundMiB {
        print("soak: \(p) grew \(oneDecimal(growth)) MiB from \(small) to \(large) jobs (bound 4 MiB)")
        failed = true
    }
}
_ = spawn(["/bin/rm", "-rf", tmp])
exit(failed ? 1 : 0)
