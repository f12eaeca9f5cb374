import AgentSim

/// The watchdog scheduler as a pattern type that scenario files name:
///
/// ```json
/// "pattern": { "type": "watchdog", "dispatcher": "dispatcher", "patience": "5m", "max_tries": 3 }
/// ```
///
/// Registered by `main.swift`, it runs under every command of the tool, and its parameters are
/// decoded, checked and documented from the declarations below, like a built-in pattern's.
enum WatchdogPattern: PatternDefinition {
    static let name = "watchdog"
    static let summary =
        "Dispatches each task to the least-loaded agent and re-dispatches it when no result comes back in time."
    static let parameters = [
        ParameterDeclaration(
            "dispatcher", .role, default: nil, help: "The role whose first agent sends dispatches."),
        ParameterDeclaration(
            "patience", .duration, default: .duration(.seconds(300)),
            help: "How long a dispatched task may go without a result before it is sent elsewhere."),
        ParameterDeclaration(
            "max_tries", .count(minimum: 1), default: .int(3),
            help: "Dispatches per task before its job fails."),
        ParameterDeclaration(
            "planted_bug", .bool, default: .bool(false),
            help: "A deliberate bug for chaos to find: disarm the watchdog once a dispatch arrives."),
        ParameterDeclaration(
            "ignore_load", .bool, default: .bool(false),
            help: "A deliberate regression for the gate to catch: always dispatch to the first agent."),
    ]

    static func coordinatingRoles(_ parameters: PatternParameters) -> [String] {
        [parameters.string("dispatcher")]
    }

    /// On a scenario written for another pattern, the first role that serves no step dispatches.
    static func adapt(to scenario: Scenario) -> PatternAdaptation {
        if scenario.pattern.name == name { return .parameters(scenario.pattern.parameters) }
        guard let dispatcher = idleRoles(in: scenario).first else {
            return .inapplicable("needs a role that serves no step to act as the dispatcher")
        }
        return .parameters(PatternParameters(["dispatcher": .string(dispatcher)]).completed(with: parameters))
    }

    static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> WatchdogScheduler
    {
        WatchdogScheduler(
            dispatcherRole: parameters.string("dispatcher"), patience: parameters.duration("patience"),
            maxTries: parameters.int("max_tries"), plantedBug: parameters.bool("planted_bug"),
            ignoreLoad: parameters.bool("ignore_load"), &ctx)
    }
}
