import Testing

@testable import AgentSim

/// Calibration recovers the generator's parameters. Every tolerance is 4 standard errors of the
/// maximum-likelihood estimate at the sample size used (a false failure below 10⁻⁴ per check):
/// lognormal μ̂: σ/√n, σ̂: σ/√(2n); exponential mean: mean/√n; gamma k̂: √(k / (n(kψ′(k) − 1)))
/// with ψ′(4) = π²/6 − 1 − 1/4 − 1/9; a fan-out frequency: √(p(1 − p)/n); the Poisson rate: λ/√n.
@Suite struct CalibrationRecoveryTests {
    static let jobs = 400
    static let calibration: Calibration = {
        let text = TraceGenerator(jobs: jobs, seed: 3).otlp()
        return try! CalibrationFixture.calibrate([("synthetic.json", Array(text.utf8))])
    }()

    func role(_ name: String) throws -> Calibration.Role {
        try #require(Self.calibration.roles.first { $0.name == name })
    }

    func expectLognormal(_ fit: DistributionFit?, median: Double, sigma: Double) throws {
        let fit = try #require(fit)
        guard case .lognormal(let mu, let s) = fit.distribution else {
            Issue.record("expected a lognormal, chose \(fit.family)")
            return
        }
        let n = Double(fit.sampleSize)
        #expect(abs(mu - SimMath.log(median)) <= 4 * sigma / n.squareRoot())
        #expect(abs(s - sigma) <= 4 * sigma / (2 * n).squareRoot())
        #expect(fit.ksDistance <= fit.ksCritical)
    }

    @Test func rolesStepsAndModels() throws {
        let c = Self.calibration
        #expect(c.roles.map(\.name) == ["planner", "tool_web_search", "researcher", "writer"])
        #expect(c.roles.map(\.after) == [[], ["planner"], ["tool_web_search"], ["researcher"]])
        #expect(c.roles.map(\.model) == ["gpt-4o", nil, "gpt-4o-mini", "gpt-4o"])
        #expect(c.jobs == Self.jobs)
        #expect(try role("tool_web_search").isTool)
        #expect(c.roles.allSatisfy { $0.repeatedCalls == 0 && $0.missingTokens == 0 && !$0.namedBySpanName })
    }

    @Test func latencies() throws {
        try expectLognormal(role("planner").latency, median: 1.2, sigma: 0.4)
        try expectLognormal(role("researcher").latency, median: 2, sigma: 0.5)
        let tool = try role("tool_web_search").latency
        #expect(abs(tool.dataMean - 0.5) <= 4 * 0.5 / Double(tool.sampleSize).squareRoot())
        let writer = try role("writer").latency
        guard case .gamma(let k, let theta) = writer.distribution else {
            Issue.record("expected a gamma for the writer, chose \(writer.family)")
            return
        }
        let n = Double(writer.sampleSize)
        let trigamma4 = 3.141_592_653_589_793 * 3.141_592_653_589_793 / 6 - 1 - 0.25 - 1.0 / 9
        #expect(abs(k - 4) <= 4 * (4 / (n * (4 * trigamma4 - 1))).squareRoot())
        // mean kθ: sd of the sample mean is √k·θ/√n = 1.5/√n
        #expect(abs(k * theta - 3) <= 4 * 1.5 / n.squareRoot())
    }

    @Test func tokens() throws {
        try expectLognormal(role("planner").tokensIn, median: 1500, sigma: 0.3)
        #expect(try role("planner").tokensOut?.distribution == .constant(200))
        try expectLognormal(role("researcher").tokensIn, median: 3000, sigma: 0.4)
        try expectLognormal(role("researcher").tokensOut, median: 600, sigma: 0.4)
        #expect(try role("writer").tokensIn?.distribution == .constant(4000))
        try expectLognormal(role("writer").tokensOut, median: 900, sigma: 0.3)
        #expect(try role("tool_web_search").tokensIn == nil)
    }

    @Test func fanoutAndArrivals() throws {
        let researcher = try role("researcher")
        #expect(Set(researcher.fanout.keys) == [1, 2, 3])
        let n = Double(Self.jobs)
        for width in 1...3 {
            let p = Double(researcher.fanout[width]!) / n
            #expect(abs(p - 1.0 / 3) <= 4 * (2.0 / 9 / n).squareRoot())
        }
        #expect(try role("planner").fanout == [1: Self.jobs])
        let c = Self.calibration
        #expect(
            abs(c.arrivalRatePerSecond - TraceGenerator.arrivalRate) <= 4 * TraceGenerator.arrivalRate
                / n.squareRoot())
        #expect(c.looksPoisson)
    }
}
