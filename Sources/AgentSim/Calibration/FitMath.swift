import AgentSimRandom

/// Special functions for fitting, built on ``SimMath`` (never libm), so fitted parameters and fit
/// statistics are the same bytes on every machine.
enum FitMath {
    /// log Γ(x) for x > 0: shifted up to x ≥ 12, then Stirling's series (``SimMath/logGammaStirling(_:)``).
    static func logGamma(_ x: Double) -> Double {
        var shifted = x
        var logProduct = 0.0
        while shifted < 12 {
            logProduct += SimMath.log(shifted)
            shifted += 1
        }
        return SimMath.logGammaStirling(shifted) - logProduct
    }

    /// The digamma function ψ(x) = d/dx log Γ(x), x > 0: ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then the
    /// asymptotic series to the x⁻¹⁰ term (truncation error below 10⁻¹⁵ there; the tests measure
    /// 5·10⁻¹⁴ overall, the rounding of the recurrence).
    static func digamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let inv2 = 1 / (x * x)
        let series =
            inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 / 132))))
        return result + SimMath.log(x) - 0.5 / x - series
    }

    /// The trigamma function ψ′(x), x > 0: ψ′(x) = ψ′(x + 1) + 1/x² up to x ≥ 20, then its asymptotic
    /// series to the x⁻⁹ term (truncation error below 4·10⁻¹⁶ there; the tests measure 10⁻¹³ overall).
    static func trigamma(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 20 {
            result += 1 / (x * x)
            x += 1
        }
        let inv = 1 / x
        let inv2 = inv * inv
        // 1/x + 1/(2x²) + 1/(6x³) − 1/(30x⁵) + 1/(42x⁷) − 1/(30x⁹)
        let series = inv * inv2 * (1.0 / 6 - inv2 * (1.0 / 30 - inv2 * (1.0 / 42 - inv2 / 30)))
        return result + inv + 0.5 * inv2 + series
    }

    /// The standard normal CDF Φ(z), from ``SimMath/erfcx(_:)``: Φ(z) = erfc(−z/√2)/2.
    static func normalCDF(_ z: Double) -> Double {
        if z < -38 { return 0 }
        if z > 38 { return 1 }
        let t = z / 2.squareRoot()
        let tail = 0.5 * SimMath.erfcx(abs(t)) * SimMath.exp(-t * t)
        return z < 0 ? tail : 1 - tail
    }

    /// The regularised lower incomplete gamma function P(a, x) (the gamma CDF at x/θ): the series for
    /// x < a + 1, else 1 − Q(a, x) by Lentz's continued fraction; each up to 500 terms, stopping at a
    /// relative change below 10⁻¹⁵.
    static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        if x <= 0 { return 0 }
        let logPrefix = -x + a * SimMath.log(x) - logGamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var n = 1.0
            while n < 500 {
                term *= x / (a + n)
                sum += term
                if abs(term) < abs(sum) * 1e-15 { break }
                n += 1
            }
            return min(1, sum * SimMath.exp(logPrefix))
        }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 500 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-15 { break }
            i += 1
        }
        return max(0, 1 - SimMath.exp(logPrefix) * h)
    }

    /// log(2π), for normal log-likelihoods.
    static let log2Pi = 1.837_877_066_409_345_5
    /// The standard normal's 99th percentile, z₀.₉₉ (how `lognormal` by median and p99 is written).
    static let z99 = 2.326_347_874_040_840_8
}
