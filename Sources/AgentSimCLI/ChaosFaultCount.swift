import AgentSim

/// The line `agentsim run` prints about faults: how many each replication injected, and, for a
/// scenario with a chaos spec, that its random faults belong to `agentsim chaos`.
enum ChaosFaultCount {
    /// The line (with its newline), or nothing for a scenario with neither scheduled faults nor a
    /// chaos spec.
    static func line(_ runs: [RunSummary], scenario: Scenario) -> String {
        let random = !(scenario.chaos?.rates.values.allSatisfy { $0 <= 0 } ?? true)
        guard !scenario.scheduledFaults.isEmpty || random, let low = runs.map(\.faultsInjected).min(),
            let high = runs.map(\.faultsInjected).max()
        else { return "" }
        let total = runs.reduce(0) { $0 &+ $1.faultsInjected }
        var text =
            runs.count == 1
            ? "faults injected: \(total) (scheduled)"
            : low == high
                ? "faults injected: \(low) in each replication (scheduled)"
                : "faults injected: \(low) to \(high) per replication, \(total) in all (scheduled)"
        if random {
            text +=
                "; the chaos spec's random faults are not injected by run: "
                + "agentsim chaos injects them (--seed S replays one seed)"
        }
        return text + "\n"
    }
}
