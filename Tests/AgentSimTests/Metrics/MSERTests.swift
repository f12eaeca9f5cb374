import Testing

@testable import AgentSim

/// MSER-5 on series whose transient is known, on series that never settle, and through the engine.
@Suite struct MSERTests {
    /// Uniform noise on [−√3, √3] (mean 0, variance 1) from the package's generator.
    static func noise(_ count: Int, seed: UInt64) -> [Double] {
        var rng = Xoshiro256StarStar(seed: seed)
        return (0..<count).map { _ in (2 * rng.nextDouble() - 1) * 3.0.squareRoot() }
    }

    static func batchMeans(_ xs: [Double]) -> [Double] {
        stride(from: 0, to: xs.count - MSER.batchSize + 1, by: MSER.batchSize).map { start in
            xs[start..<start + MSER.batchSize].reduce(0, +) / Double(MSER.batchSize)
        }
    }

    /// 100 observations 5σ high, then 4,900 at the steady level (1,000 batches, σ_b² = 1/5).
    ///
    /// d* ≥ 20: any d < 20 leaves (20 − d) batches 5σ off, adding about 25 per batch to the sum of
    /// squares against the σ_b² = 0.2 that dropping a steady batch saves. d* ≤ 40: dropping k more
    /// steady batches lowers MSER only if their squared deviations sum above about 2kσ_b², i.e. a
    /// χ²_k above 2k; for k = 20, P(χ²₂₀ > 40) = 0.5%.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func findsTheEndOfAStepTransient(seed: UInt64) {
        var xs = Self.noise(5_000, seed: seed)
        for i in 0..<100 { xs[i] += 5 }
        let t = MSER.truncation(batchMeans: Self.batchMeans(xs))
        #expect(t.totalBatches == 1_000 && t.reachedSteadyState)
        #expect((20...40).contains(t.batches), "d* = \(t.batches)")
        #expect(t.observations == 5 * t.batches)
    }

    /// Stationary noise: nothing to drop. MSER(d) ≈ σ_b²/(m − d) grows with d, so d* stays near 0;
    /// 40 batches is the same χ² bound as above.
    @Test func dropsLittleFromASteadySeries() {
        let t = MSER.truncation(batchMeans: Self.batchMeans(Self.noise(5_000, seed: 11)))
        #expect(t.reachedSteadyState && t.batches <= 40, "d* = \(t.batches)")
    }

    /// A series that keeps growing (an overloaded queue) has MSER(d) ≈ (m − d)·c²/12 falling in d,
    /// so the minimum sits on the boundary m/2: no steady state. Too few batches: no verdict.
    @Test func aTrendNeverReachesSteadyState() {
        let noise = Self.noise(5_000, seed: 12)
        let trend = (0..<5_000).map { Double($0) * 0.01 + noise[$0] }
        let t = MSER.truncation(batchMeans: Self.batchMeans(trend))
        #expect(!t.reachedSteadyState && t.batches == 500)
        let short = MSER.truncation(batchMeans: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(!short.reachedSteadyState && short.batches == 0)
    }

    /// M/M/1 (λ = 0.5/s, μ = 1/s) whose server is down for the first 500 s: a known transient.
    /// About λ·500 = 250 jobs queue up and drain at μ − λ = 0.5/s; fluid FIFO: the job completing at
    /// t ∈ (500, 1000) waited 1000 − t s, against W = 1/(μ − λ) = 2 s in steady state. The drain ends
    /// at T_d = 1000 s with sd ≈ 63 s (backlog Poisson(250): 32 s; served − arrived over 500 s,
    /// variance (λ + μ)·500: 55 s), so T_d ∈ [750, 1250] s at 4 sd. MSER-5 may stop up to ~100 s
    /// before T_d (excess latency there is under 100 s on a few dozen jobs) and, by the χ² bound
    /// above, at most 40 batches (200 completions, 400 s at 0.5/s) after it: a window of
    /// [650, 1650] s. Measured after it, the mean sojourn must be W: pooled over 10 replications
    /// within 4 standard errors (from the replications' spread); without truncation the 250 drain
    /// jobs alone would add about 250·250/5000 = 12.5 s.
    @Test func pickedWarmupEndsTheKnownTransient() throws {
        let json = """
            {"name": "crash-start", "seed": 3,
             "workload": {"arrivals": {"process": "poisson", "rate": "0.5/s"}, "jobs": 5000, "warmup": "auto",
                          "job": {"steps": [{"name": "serve", "skill": "serve"}]}},
             "agents": {"server": {"skills": ["serve"], "latency": {"dist": "exponential", "mean": "1s"}}},
             "faults": [{"at": "0s", "crash": "server", "for": "500s"}]}
            """
        let scenario = try ScenarioLoader.decode(
            json: json, file: "t.json", baseDirectory: ".", overrides: []
        ).0
        #expect(scenario.workload.automaticWarmup)
        let results = (0..<10).map { ScenarioRunner.detailedRun(scenario, replication: $0) }
        for r in results {
            let warmup = try #require(r.summary.warmupSeconds)
            #expect((650...1650).contains(warmup), "replication \(r.summary.replication): \(warmup) s")
            #expect(r.automaticWarmup?.reachedSteadyState == true)
        }
        let latency = try #require(Estimate(results.map(\.summary.latencyMeanSeconds)))
        let standardError = latency.standardDeviation! / Double(latency.count).squareRoot()
        #expect(abs(latency.mean - 2) <= 4 * standardError, "\(latency.mean) ± \(standardError)")
        // The same replication with a fixed warm-up of the chosen length gives the same summary.
        var fixed = scenario
        fixed.workload.automaticWarmup = false
        fixed.workload.warmup = SimDuration(seconds: results[0].summary.warmupSeconds!)
        #expect(
            ScenarioRunner.run(fixed, replication: 0).latencyMeanSeconds
                == results[0].summary.latencyMeanSeconds)
    }

    /// ρ = 1.2: the queue grows all run long. MSER-5 must say so, and warmup_s stays empty.
    @Test func anOverloadedQueueIsReported() {
        var scenario = Scenario(
            name: "overload", seed: 4,
            workload: WorkloadSpec(
                arrivals: .poisson(ratePerSecond: 1.2), jobs: 3_000,
                job: JobTemplateSpec(steps: [StepSpec(name: "serve", skill: "serve")])),
            agents: [AgentRoleSpec(name: "server", skills: ["serve"], latency: .exponential(mean: 1))])
        scenario.workload.automaticWarmup = true
        for replication in 0..<3 {
            let r = ScenarioRunner.detailedRun(scenario, replication: replication)
            #expect(r.automaticWarmup?.reachedSteadyState == false)
            #expect(r.summary.warmupSeconds == nil)
        }
    }

    @Test func decodesAutoAndRefusesOtherWords() throws {
        let auto = try ScenarioLoader.decode(
            json: ScenarioFixtures.scenario(), file: "t.json", baseDirectory: ".",
            overrides: ["workload.warmup=auto"]
        ).0
        #expect(auto.workload.automaticWarmup && auto.workload.warmup == .zero)
        #expect(throws: ScenarioError.self) {
            _ = try ScenarioLoader.decode(
                json: ScenarioFixtures.scenario(), file: "t.json", baseDirectory: ".",
                overrides: ["workload.warmup=automatic"])
        }
        do {
            _ = try ScenarioLoader.decode(
                json: ScenarioFixtures.scenario(), file: "t.json", baseDirectory: ".",
                overrides: ["workload.warmup=automatic"])
        } catch {
            #expect(error.allowed.contains("\"auto\""))
        }
    }
}
