import AgentSimDistributions
import AgentSimKernel
import AgentSimSpec

/// The event-driven pattern: a publish/subscribe bus and no coordinator.
///
/// Every step has a topic, "this step's copy is done". The steps that wait for a step subscribe to
/// its topic as consumer groups (one group per step, served by the pool of the step's skill); the
/// job's requester subscribes to the topics of the last steps (the sink), and the first steps
/// subscribe to the intake topic, on which the requester publishes the job. An agent that finishes
/// a copy publishes its result: one message to the bus, then one delivery message per subscriber.
/// A group starts its step's copies when it has received every event its step waits for. No LLM
/// call is spent on coordination.
///
/// Delivery is at least once: each delivery is duplicated with probability `duplicate_rate`. The
/// bus accepts a task's result once (an idempotent producer: a second publish of the same task is
/// dropped), but consumers keep no log of what they processed: a duplicate that reaches a group
/// after it started its step makes it do the step again (cost paid, result ignored); one that
/// arrives before is absorbed by the group's join, which keys inputs by event. Event storms: with
/// probability `retrigger` an output also lands on the topic its own group listens to, so the
/// group does the task again, at most `storm_limit` times per task.
///
/// Messages per job with no duplicates, storms or redeliveries: `1 + R + Σ_s K_s (1 + S_s)`, with
/// R the number of first steps, K_s the copies of step s and S_s its subscribers (the steps after
/// it, or 1, the sink, for a last step). Coordination calls: 0.
public enum EventDrivenPattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "event_driven"
    /// What the pattern models, in one line.
    public static let summary =
        "A pub/sub bus: agents publish step results, the next steps' groups subscribe; no coordinator calls."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration(
            "bus_latency", .durationDistribution, default: .distribution(.constant(0.001)),
            help: "Time the bus takes per publish and per delivery, on top of the network."),
        ParameterDeclaration(
            "bus_capacity", .count(minimum: 0), default: .int(0),
            help: "Publishes and deliveries the bus handles at once; more wait in FIFO order (0: unbounded)."),
        ParameterDeclaration(
            "duplicate_rate", .probability, default: .number(0.01),
            help: "Probability a delivery is made twice (at-least-once delivery)."),
        ParameterDeclaration(
            "dead_letter_after", .count(minimum: 1), default: .int(3),
            help: "Failed deliveries of an event to a group after which it goes to the dead-letter topic."),
        ParameterDeclaration(
            "redelivery_delay", .duration, default: .duration(.seconds(1)),
            help: "How long the bus waits before redelivering an event a group failed to take."),
        ParameterDeclaration(
            "retrigger", .probability, default: .number(0),
            help: "Probability an output re-triggers its own group's topic (an event storm)."),
        ParameterDeclaration(
            "storm_limit", .count(minimum: 0), default: .int(3),
            help: "Re-triggers allowed per task; the storm stops there."),
    ]

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> EventDriven
    {
        EventDriven(spec: EventDrivenSpec(parameters: parameters), ctx: &ctx)
    }
}

/// Parameters of the event-driven pattern.
public struct EventDrivenSpec: Sendable, Hashable {
    /// Time the bus takes per operation (a publish accepted, a delivery sent), in seconds, on top of
    /// the network latency.
    public var busLatency: Distribution
    /// Operations the bus handles at once; the rest wait in FIFO order. 0: unbounded.
    public var busCapacity: Int
    /// Probability a delivery is made twice.
    public var duplicateRate: Double
    /// Failed deliveries of an event to a group before it is dead-lettered and its job fails.
    ///
    /// Today a delivery fails only when the group's queue is full; work errors (issue 4) will take
    /// the same path.
    public var deadLetterAfter: Int
    /// Wait before a failed delivery is retried.
    public var redeliveryDelay: SimDuration
    /// Probability a finished task's output re-triggers its own group (an event storm).
    public var retrigger: Double
    /// Re-triggers allowed per task (at most 65,535).
    public var stormLimit: Int

    /// Creates event-driven parameters; the defaults are documented in Patterns.md.
    public init(
        busLatency: Distribution = .constant(0.001), busCapacity: Int = 0, duplicateRate: Double = 0.01,
        deadLetterAfter: Int = 3, redeliveryDelay: SimDuration = .seconds(1), retrigger: Double = 0,
        stormLimit: Int = 3
    ) {
        self.busLatency = busLatency
        self.busCapacity = busCapacity
        self.duplicateRate = duplicateRate
        self.deadLetterAfter = deadLetterAfter
        self.redeliveryDelay = redeliveryDelay
        self.retrigger = retrigger
        self.stormLimit = stormLimit
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        self.init(
            busLatency: p.distribution("bus_latency"), busCapacity: p.int("bus_capacity"),
            duplicateRate: p.number("duplicate_rate"), deadLetterAfter: p.int("dead_letter_after"),
            redeliveryDelay: p.duration("redelivery_delay"), retrigger: p.number("retrigger"),
            stormLimit: p.int("storm_limit"))
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "bus_latency": .distribution(busLatency), "bus_capacity": .int(busCapacity),
            "duplicate_rate": .number(duplicateRate), "dead_letter_after": .int(deadLetterAfter),
            "redelivery_delay": .duration(redeliveryDelay), "retrigger": .number(retrigger),
            "storm_limit": .int(stormLimit),
        ])
    }
}

extension PatternSpec {
    /// The event-driven pattern with `spec`.
    public static func eventDriven(_ spec: EventDrivenSpec = EventDrivenSpec()) -> PatternSpec {
        PatternSpec(name: EventDrivenPattern.name, parameters: spec.parameters)
    }
}
