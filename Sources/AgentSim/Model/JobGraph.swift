import AgentSimDistributions
import AgentSimRandom
import AgentSimSpec

/// The job template compiled for the run loop: steps by index, dependency counts, dependents.
public struct JobGraph: Sendable {
    /// One step as the run loop sees it.
    public struct Step: Sendable {
        /// The step's name, for reports.
        public var name: String
        /// The pool of agents with the step's skill (excluding a hub's coordinator role).
        public var pool: PoolID
        /// How many steps must finish before this one is ready.
        public var dependencyCount: UInt16
        /// Steps that wait for this one.
        public var dependents: [UInt16]
        /// Parallel copies (a count distribution).
        public var fanout: Distribution
        /// `fanout` when it is constant (no draw needed).
        public var constantFanout: Int?
        /// Input tokens of one copy (`nil`: the serving role's default).
        public var tokensIn: Distribution?
        /// Output tokens of one copy (`nil`: the serving role's default).
        public var tokensOut: Distribution?
    }

    /// The steps, in template order.
    public var steps: [Step]
    /// Steps with no dependencies: they start when the job starts.
    public var roots: [UInt16]

    /// Compiles `spec`; `poolForSkill` maps a skill to its pool. The spec must be validated
    /// (known skills, no cycles).
    public init(spec: JobTemplateSpec, poolForSkill: (String) -> PoolID) {
        let index = Dictionary(uniqueKeysWithValues: spec.steps.enumerated().map { ($1.name, UInt16($0)) })
        var dependents = [[UInt16]](repeating: [], count: spec.steps.count)
        for (i, step) in spec.steps.enumerated() {
            for name in step.after { dependents[Int(index[name]!)].append(UInt16(i)) }
        }
        let compiled = spec.steps.enumerated().map { i, step in
            Step(
                name: step.name, pool: poolForSkill(step.skill), dependencyCount: UInt16(step.after.count),
                dependents: dependents[i], fanout: step.fanout,
                constantFanout: step.fanout.constantValue.map { Int(InputLimits.count($0, maximum: 65_535)) },
                tokensIn: step.tokensIn, tokensOut: step.tokensOut)
        }
        steps = compiled
        roots = compiled.indices.filter { compiled[$0].dependencyCount == 0 }.map { UInt16($0) }
    }

    /// The number of copies of `step` for the job whose size seed is `jobSeed`.
    ///
    /// Drawn from a generator keyed by (job seed, step), so it is the same under every pattern
    /// whatever order steps become ready in. At least 1, at most 65,535.
    public func copies(of step: Int, jobSeed: UInt64) -> Int {
        if let k = steps[step].constantFanout { return Swift.max(1, Swift.min(k, 65_535)) }
        var rng = Xoshiro256StarStar(seed: jobSeed ^ (UInt64(step) &* 0x9E37_79B9_7F4A_7C15))
        let k = Int(InputLimits.count(steps[step].fanout.sampleNonNegative(&rng), maximum: 65_535))
        return Swift.max(1, Swift.min(k, 65_535))
    }
}
