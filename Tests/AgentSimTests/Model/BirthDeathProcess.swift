/// A birth–death process on 0...K — the number in system of M/M/c, M/M/1/K and the like — with
/// its exact stationary law and the exact asymptotic variance of its additive functionals.
///
/// The oracle tests take their tolerances from here instead of guessing them. For
///
///     Y(T) = ∫₀ᵀ f(X(t)) dt + b · births(0, T] + d · deaths(0, T]
///
/// the Poisson equation G h = −(r − r̄), with r(n) = f(n) + λₙ b + μₙ d, makes
/// Y(T) − r̄ T + h(X_T) − h(X_0) a martingale whose jump at n → n±1 is (reward + h(n±1) − h(n)).
/// Hence σ² = lim Var(Y(T)) / T = Σₙ πₙ λₙ [(b + Δₙ)² + (d − Δₙ)²], where Δₙ = h(n+1) − h(n) has
/// the closed form Δₙ = (1 / πₙλₙ) Σ_{i>n} πᵢ (rᵢ − r̄) for a birth–death chain (sum the equation
/// over 0...n and use detailed balance πₙλₙ = πₙ₊₁μₙ₊₁). With b = d = 0 this is Whitt's (1992)
/// formula 2 Σₙ (Σ_{i≤n} πᵢ(fᵢ − f̄))² / (πₙλₙ); the tests in BirthDeathProcessTests check it against
/// published closed forms (Blomqvist 1967 for M/M/1 waits, Whitt 1989 for M/M/1 queue length).
///
/// Customer averages follow from time averages: a run that starts and ends empty has
/// Σ sojourns = ∫ N dt exactly, so the mean sojourn W̄ − W = Y(T) / A(T) with f = N, b = −W
/// (A = arrivals ≈ λT), and n · Var(W̄) → σ² / λ for n customers.
struct BirthDeathProcess {
    /// λₙ for n in 0...K; the last is 0 (the chain is truncated or finite there).
    let birth: [Double]
    /// μₙ for n in 0...K; the first is 0.
    let death: [Double]
    /// The stationary law.
    let pi: [Double]

    /// The chain with these rates, truncated where the stationary mass falls below 10⁻⁴⁰ of its
    /// peak (for M/M/1 at ρ = 0.9 that is about 900 states; the neglected tail changes no printed
    /// digit of the variances), or at the first state with birth rate 0 (a finite queue).
    init(birthRate: (Int) -> Double, deathRate: (Int) -> Double, maxStates: Int = 200_000) {
        var weights: [Double] = [1]
        var births: [Double] = []
        var deaths: [Double] = [0]
        var peak = 1.0
        var n = 0
        while n + 1 < maxStates {
            let up = birthRate(n)
            if up == 0 { break }
            let next = weights[n] * up / deathRate(n + 1)
            if next < peak * 1e-40 && next < weights[n] { break }
            births.append(up)
            deaths.append(deathRate(n + 1))
            weights.append(next)
            peak = max(peak, next)
            n += 1
        }
        births.append(0)
        let total = weights.reduce(0, +)
        birth = births
        death = deaths
        pi = weights.map { $0 / total }
    }

    /// M/M/c with arrival rate λ and service rate μ per server (c = `Int.max`: M/M/∞).
    static func mmc(lambda: Double, mu: Double, servers c: Int) -> BirthDeathProcess {
        BirthDeathProcess(birthRate: { _ in lambda }, deathRate: { mu * Double(min($0, c)) })
    }

    /// The states 0...K.
    var states: Range<Int> { pi.indices }

    /// E_π f(X).
    func mean(_ f: (Int) -> Double) -> Double {
        states.reduce(0) { $0 + pi[$1] * f($1) }
    }

    /// r(n) = f(n) + λₙ b + μₙ d and its stationary mean r̄ (the long-run rate of Y).
    private func rewards(_ f: (Int) -> Double, birthReward b: Double, deathReward d: Double)
        -> (rate: [Double], mean: Double)
    {
        let r = states.map { f($0) + birth[$0] * b + death[$0] * d }
        return (r, states.reduce(0) { $0 + pi[$1] * r[$1] })
    }

    /// Δₙ = h(n+1) − h(n) for n in 0..<K, from tail sums (no cancellation in the far tail).
    private func increments(_ r: [Double], _ rBar: Double) -> [Double] {
        var tail = 0.0
        var delta = Array(repeating: 0.0, count: max(pi.count - 1, 0))
        for n in stride(from: pi.count - 1, to: 0, by: -1) {
            tail += pi[n] * (r[n] - rBar)
            delta[n - 1] = tail / (pi[n - 1] * birth[n - 1])
        }
        return delta
    }

    /// lim Var(Y(T)) / T for Y(T) = ∫ f(X) dt + b · births + d · deaths (see the type's comment).
    func asymptoticVariance(
        _ f: (Int) -> Double, birthReward b: Double = 0, deathReward d: Double = 0
    ) -> Double {
        let (r, rBar) = rewards(f, birthReward: b, deathReward: d)
        let delta = increments(r, rBar)
        var sigma2 = 0.0
        for n in delta.indices {
            let flow = pi[n] * birth[n]
            sigma2 += flow * ((b + delta[n]) * (b + delta[n]) + (d - delta[n]) * (d - delta[n]))
        }
        return sigma2
    }

    /// The long-run rate r̄ of Y (e.g. throughput with f = 0, d = 1).
    func meanRate(_ f: (Int) -> Double, birthReward b: Double = 0, deathReward d: Double = 0) -> Double {
        rewards(f, birthReward: b, deathReward: d).mean
    }

    /// ∫₀^∞ (E_x f(X(t)) − E_π f) dt = h(x) − E_π h: the total bias an empty (x = 0) start adds to
    /// ∫ f dt, which tells whether a warm-up is needed.
    func transientIntegral(_ f: (Int) -> Double, from x: Int = 0) -> Double {
        let (r, rBar) = rewards(f, birthReward: 0, deathReward: 0)
        let delta = increments(r, rBar)
        var h = [0.0]
        for step in delta { h.append(h[h.count - 1] + step) }
        return h[x] - states.reduce(0) { $0 + pi[$1] * h[$1] }
    }
}

/// The probability that an arrival waits in M/M/c (Erlang's C formula), from its definition:
/// C(c, a) = (aᶜ/c!) / (1 − ρ) ÷ [Σ_{k<c} aᵏ/k! + (aᶜ/c!) / (1 − ρ)], with a = λ/μ and ρ = a/c < 1.
func erlangC(servers c: Int, offeredLoad a: Double) -> Double {
    let rho = a / Double(c)
    precondition(rho < 1, "Erlang C needs a stable queue")
    var term = 1.0  // aᵏ/k!
    var below = 0.0
    for k in 0..<c {
        below += term
        term *= a / Double(k + 1)
    }
    let waiting = term / (1 - rho)
    return waiting / (below + waiting)
}
