import Foundation
import Testing

@testable import AgentSim

/// The roles `compare` derives for patterns a scenario was not written for, checked against the
/// stated defaults computed here by hand.
@Suite struct PatternFitTests {
    /// The comparison desk without its lead: 2 triagers and 4 answerers, every role serves a step.
    static func leaderless() throws -> Scenario {
        var scenario = try PatternComparisonTests.scenario()
        scenario.agents.removeAll { $0.name == "lead" }
        return scenario
    }

    static func fitted(_ pattern: String) throws -> (Scenario, [DerivedAssumption]) {
        let plan = PatternComparison(scenario: try leaderless(), patterns: [pattern])
        let entry = try #require(plan.entries.first, "\(pattern) skipped: \(plan.skipped)")
        return (entry.scenario, entry.assumptions)
    }

    @Test func hubAndSpokeGetsOneCoordinatorOnTheMostExpensiveModel() throws {
        var scenario = try Self.leaderless()
        scenario.models.append(ModelSpec(name: "cheap", inputPerMTokUSD: 1, outputPerMTokUSD: 2))
        scenario.models.append(ModelSpec(name: "dear", inputPerMTokUSD: 1, outputPerMTokUSD: 20))
        #expect(scenario.mostExpensiveModel?.name == "dear")
        let (fitted, assumptions) = try Self.fitted("hub_and_spoke")
        let role = try #require(fitted.agents.last)
        #expect(fitted.agents.count == 3)
        #expect(role.name == "coordinator" && role.count == 1 && role.capacity == 4 && role.model == "m")
        #expect(fitted.pattern.hubAndSpoke?.coordinator == "coordinator")
        #expect(assumptions.map(\.what) == ["coordinator"])
        let run = ScenarioRunner.run(fitted, replication: 0)
        #expect(run.jobsCompleted == 300 && run.jobsFailed == 0)
    }

    @Test func hierarchicalManagersAreSizedBySpanOfControl() throws {
        let (fitted, assumptions) = try Self.fitted("hierarchical")
        // 6 workers ÷ span 5, rounded up: 2 managers; one executive.
        let added = Array(fitted.agents.dropFirst(2))
        #expect(added.map(\.name) == ["executive", "managers"])
        #expect(added.map(\.count) == [1, 2])
        let spec = HierarchicalSpec(parameters: fitted.pattern.parameters)
        #expect(spec.executive == "executive" && spec.manager == "managers" && spec.span == 5)
        #expect(assumptions.map(\.what) == ["executive", "managers", "span"])
        let run = ScenarioRunner.run(fitted, replication: 0)
        #expect(run.jobsCompleted + run.jobsFailed == 300)
    }

    @Test func humanReviewersAreSizedForEightyPercentUtilisation() throws {
        let (fitted, assumptions) = try Self.fitted("human_gate")
        let role = try #require(fitted.agents.last)
        // λ = 1/3 per s, 1 + E[uniform_int 1...3] = 3 copies per job, every copy gated; a review is
        // lognormal with median 480 s and p99 3600 s: σ = ln 7.5 ÷ z₀.₉₉, mean = 480·e^(σ²/2).
        let sigma = Foundation.log(7.5) / 2.3263478740408408
        let meanReview = 480 * Foundation.exp(sigma * sigma / 2)
        let expected = Int((1.0 / 3 * 3 * meanReview / 0.8).rounded(.up))
        #expect(expected == 874)
        #expect(role.name == "human_reviewers" && role.count == expected && role.capacity == 1)
        #expect(role.model == nil && role.latency == DerivationDefaults.humanLatency)
        #expect(fitted.pattern.parameters.string("reviewers") == "human_reviewers")
        #expect(assumptions.map(\.what) == ["reviewers"])
    }

    @Test func hybridSupervisesTheFanOutStepsAndPipesTheRest() throws {
        let (fitted, assumptions) = try Self.fitted("hybrid")
        let stages = fitted.pattern.parameters.stages("stages")
        #expect(stages.map(\.steps) == [["answer"], ["*"]])
        #expect(stages.map(\.pattern.name) == ["hub_and_spoke", "pipeline"])
        #expect(stages[0].pattern.hubAndSpoke?.coordinator == "coordinator")
        #expect(fitted.agents.last?.name == "coordinator")
        #expect(assumptions.map(\.what) == ["coordinator", "stages"])
        let run = ScenarioRunner.run(fitted, replication: 0)
        #expect(run.jobsCompleted == 300 && run.jobsFailed == 0)
    }

    @Test func aScenarioWithTheRolesDerivesNothing() throws {
        // The desk's lead serves no step: hub-and-spoke, human gate and the hybrid's hub use it.
        let plan = PatternComparison(
            scenario: try PatternComparisonTests.scenario(),
            patterns: ["hub_and_spoke", "human_gate", "hybrid"])
        #expect(plan.entries.count == 3)
        #expect(plan.entries.prefix(2).allSatisfy { $0.assumptions.isEmpty && $0.scenario.agents.count == 3 })
        #expect(plan.entries[2].assumptions.map(\.what) == ["stages"])
    }

    @Test func derivedNamesAvoidRolesAndSkills() throws {
        var scenario = try Self.leaderless()
        scenario.agents[0].skills.append("coordinator")
        #expect(scenario.unusedName("coordinator") == "coordinator_2")
    }

    @Test func derivedCSVHasARowPerAssumption() throws {
        let plan = PatternComparison(
            scenario: try Self.leaderless(), patterns: ["pipeline", "hub_and_spoke"])
        let text = DetailCSV.derived(plan.assumptions, scenario: "desk")
        let lines = text.split(separator: "\n")
        #expect(lines.first == "scenario,pattern,what,value,why")
        #expect(lines.count == 2)
        #expect(
            lines[1].hasPrefix("desk,hub_and_spoke,coordinator,new role 'coordinator': 1 agent × capacity 4"))
    }
}
