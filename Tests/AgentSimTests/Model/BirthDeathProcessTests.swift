import Testing

@testable import AgentSim

/// The oracle tolerances are only as good as the variances behind them: check the numerical
/// birth–death machinery against published closed forms before trusting it.
@Suite struct BirthDeathProcessTests {
    static let rho = 0.9

    /// M/M/1 at ρ = 0.9: geometric stationary law, L = ρ/(1 − ρ) = 9.
    @Test func mm1StationaryLaw() {
        let q = BirthDeathProcess.mmc(lambda: Self.rho, mu: 1, servers: 1)
        #expect(abs(q.mean { Double($0) } - 9) < 1e-9)
        #expect(abs(q.pi[0] - 0.1) < 1e-12 && abs(q.pi[3] - 0.1 * 0.729) < 1e-12)
    }

    /// Whitt (1989): the time average of the M/M/1 queue length has asymptotic variance
    /// 2ρ(1 + ρ) / (μ(1 − ρ)⁴) = 34,200 at ρ = 0.9, μ = 1.
    @Test func mm1QueueLengthMatchesWhitt() {
        let q = BirthDeathProcess.mmc(lambda: Self.rho, mu: 1, servers: 1)
        let expected =
            2 * Self.rho * (1 + Self.rho)
            / ((1 - Self.rho) * (1 - Self.rho) * (1 - Self.rho) * (1 - Self.rho))
        #expect(abs(q.asymptoticVariance { Double($0) } / expected - 1) < 1e-9)
    }

    /// Blomqvist (1967): the mean of n M/M/1 waiting times (in queue) has n·Var → ρ(2 + 5ρ − 4ρ² + ρ³)
    /// / (μ²(1 − ρ)⁴) = 35,901 at ρ = 0.9. Through the customer-average identity of the type's comment
    /// (f = (N − 1)⁺, b = −W_q, n·Var = σ²/λ).
    @Test func mm1WaitMatchesBlomqvist() {
        let rho = Self.rho
        let q = BirthDeathProcess.mmc(lambda: rho, mu: 1, servers: 1)
        let wq = rho / (1 - rho)
        let numeric = q.asymptoticVariance({ Double(max($0 - 1, 0)) }, birthReward: -wq) / rho
        let expected =
            rho * (2 + 5 * rho - 4 * rho * rho + rho * rho * rho)
            / ((1 - rho) * (1 - rho) * (1 - rho) * (1 - rho))
        #expect(abs(numeric / expected - 1) < 1e-9)
    }

    /// The sojourn is wait + own service (variance 1/μ² = 1, asymptotic SD 1 since services are
    /// i.i.d.), so by the triangle inequality for asymptotic SDs σ_T lies within σ_Wq ± 1.
    @Test func mm1SojournIsWaitPlusService() {
        let rho = Self.rho
        let q = BirthDeathProcess.mmc(lambda: rho, mu: 1, servers: 1)
        let sigmaWq = (q.asymptoticVariance({ Double(max($0 - 1, 0)) }, birthReward: -rho / (1 - rho)) / rho)
            .squareRoot()
        let sigmaT = (q.asymptoticVariance({ Double($0) }, birthReward: -1 / (1 - rho)) / rho).squareRoot()
        #expect(sigmaT >= sigmaWq - 1 && sigmaT <= sigmaWq + 1)
    }

    /// Counting births alone (f = 0, b = 1) is a Poisson process: asymptotic variance λ.
    @Test func birthsArePoisson() {
        let q = BirthDeathProcess.mmc(lambda: 4, mu: 1, servers: 5)
        #expect(abs(q.asymptoticVariance({ _ in 0 }, birthReward: 1) - 4) < 1e-9)
        #expect(abs(q.meanRate({ _ in 0 }, deathReward: 1) - 4) < 1e-9)  // throughput = λ
    }

    /// M/M/∞ (λ = 4, μ = 1): N is Poisson(a = 4) with autocorrelation e^{−μt}, so the time average
    /// has asymptotic variance 2a/μ = 8, and from empty E N(t) = a(1 − e^{−μt}) integrates to a
    /// deficit of a/μ = 4.
    @Test func infiniteServer() {
        let q = BirthDeathProcess.mmc(lambda: 4, mu: 1, servers: .max)
        #expect(abs(q.asymptoticVariance { Double($0) } - 8) < 1e-9)
        #expect(abs(q.transientIntegral { Double($0) } + 4) < 1e-9)
    }

    /// Erlang C from its formula agrees with P(N ≥ c) of the M/M/c chain, and with the value
    /// 0.5541 of the mmc benchmark of ARCHITECTURE.md §3 (c = 5, a = 4).
    @Test func erlangCAgreesWithTheChain() {
        let q = BirthDeathProcess.mmc(lambda: 4, mu: 1, servers: 5)
        let c = erlangC(servers: 5, offeredLoad: 4)
        #expect(abs(c - q.mean { $0 >= 5 ? 1 : 0 }) < 1e-12)
        #expect(abs(c - 0.554_112_554_1) < 1e-9)
    }
}
