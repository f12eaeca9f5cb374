/// Student's t distribution with an integer number of degrees of freedom, in the package's own math.
///
/// The two-sided probability A(t | ν) = P(|T| ≤ t) has a closed form for integer ν (Abramowitz and
/// Stegun 26.7.3 and 26.7.4). With θ = atan(t/√ν), sin θ = t/√(ν + t²) and cos²θ = ν/(ν + t²):
///
/// - ν even: A = sin θ · (1 + cos²θ/2 + 1·3 cos⁴θ/(2·4) + … + 1·3⋯(ν−3) cos^(ν−2)θ/(2·4⋯(ν−2)));
/// - ν odd: A = (2/π)·(θ + sin θ cos θ · (1 + 2 cos²θ/3 + … + 2·4⋯(ν−3) cos^(ν−3)θ/(3·5⋯(ν−2))))
///   (just 2θ/π for ν = 1).
///
/// Both are finite sums of +, −, ×, ÷ and √ (the arctangent is computed the same way), so a quantile
/// is the same bytes on every machine, never libm's. The quantile inverts A by bisection, which needs
/// no density and converges to the last bit.
public enum StudentT {
    /// The largest degrees of freedom handled exactly; beyond it the series has more terms than a
    /// quantile is worth, and ν is clamped (at ν = 100 000 the quantile differs from the normal's in
    /// the fifth significant digit, and from ν = 100 001's in the tenth).
    public static let maximumDegreesOfFreedom = 100_000

    /// A(t | ν) = P(|T| ≤ t) for t ≥ 0: the probability that a t variable with ν degrees of freedom
    /// lies within ±t.
    /// - Parameters:
    ///   - t: The half-width, ≥ 0.
    ///   - degreesOfFreedom: ν ≥ 1 (clamped to ``maximumDegreesOfFreedom``).
    /// - Returns: A value in [0, 1].
    /// - Complexity: O(ν).
    public static func twoSidedProbability(_ t: Double, degreesOfFreedom: Int) -> Double {
        precondition(degreesOfFreedom >= 1, "Student's t needs at least one degree of freedom")
        precondition(t >= 0, "the two-sided probability takes t ≥ 0")
        if t == .infinity { return 1 }
        let nu = Double(min(degreesOfFreedom, maximumDegreesOfFreedom))
        let n = Int(nu)
        let denominator = nu + t * t
        let sine = t / denominator.squareRoot()
        let cosineSquared = nu / denominator
        if n % 2 == 0 {
            var term = 1.0
            var sum = 1.0
            var k = 2
            while k <= n - 2 {
                term *= cosineSquared * Double(k - 1) / Double(k)
                sum += term
                k += 2
            }
            return min(1, sine * sum)
        }
        let theta = arctangent(t / nu.squareRoot())
        guard n > 1 else { return min(1, 2 * theta / Double.pi) }
        var term = 1.0
        var sum = 1.0
        var k = 3
        while k <= n - 2 {
            term *= cosineSquared * Double(k - 1) / Double(k)
            sum += term
            k += 2
        }
        let cosine = cosineSquared.squareRoot()
        return min(1, 2 / Double.pi * (theta + sine * cosine * sum))
    }

    /// The t with P(|T| ≤ t) = `confidence`: the multiplier of the standard error in a two-sided
    /// interval (2.262 for 95% and ν = 9).
    /// - Parameters:
    ///   - confidence: The two-sided coverage, in (0, 1).
    ///   - degreesOfFreedom: ν ≥ 1 (clamped to ``maximumDegreesOfFreedom``).
    /// - Returns: The quantile t_{(1 + confidence)/2, ν}, > 0.
    /// - Complexity: O(ν) per bisection step; about 55 steps (to adjacent doubles).
    public static func twoSidedQuantile(confidence: Double, degreesOfFreedom: Int) -> Double {
        precondition(confidence > 0 && confidence < 1, "a confidence level is in (0, 1)")
        let nu = min(degreesOfFreedom, maximumDegreesOfFreedom)
        var low = 0.0
        var high = 1.0
        while twoSidedProbability(high, degreesOfFreedom: nu) < confidence {
            low = high
            high *= 2
            precondition(high.isFinite, "the quantile of \(confidence) overflows")
        }
        // Bisect until low and high are adjacent doubles: A is increasing, so the answer is the
        // smallest double whose probability reaches `confidence`.
        while true {
            let middle = low + (high - low) / 2
            if middle <= low || middle >= high { break }
            if twoSidedProbability(middle, degreesOfFreedom: nu) < confidence {
                low = middle
            } else {
                high = middle
            }
        }
        return high
    }

    /// atan(x) for x ≥ 0, from +, −, ×, ÷ and √ only.
    ///
    /// Reflects x > 1 to π/2 − atan(1/x), then halves the angle three times with
    /// atan(x) = 2·atan(x/(1 + √(1 + x²))), leaving |x| ≤ tan(π/32) ≈ 0.0985, where 12 terms of the
    /// Taylor series x − x³/3 + x⁵/5 − … are exact to below 10⁻²³ relative.
    static func arctangent(_ x: Double) -> Double {
        if x > 1 { return Double.pi / 2 - arctangent(1 / x) }
        var y = x
        for _ in 0..<3 { y /= 1 + (1 + y * y).squareRoot() }
        let y2 = y * y
        var series = 0.0
        for k in stride(from: 23, through: 1, by: -2) {
            series = 1 / Double(k) - y2 * series
        }
        return 8 * y * series
    }
}
