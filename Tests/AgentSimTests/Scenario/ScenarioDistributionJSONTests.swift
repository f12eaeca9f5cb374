import Testing

@testable import AgentSim
@testable import AgentSimDistributions
@testable import AgentSimSpec

@Suite struct ScenarioDistributionJSONTests {
    private func decode(_ json: String, _ kind: QuantityKind) throws(ScenarioError) -> Distribution {
        let value = try JSONParser.parse(json, file: "d.json")
        let decoder = ScenarioDecoder(
            baseDirectory: ".", sourceMap: SourceMap(file: "d.json"), patterns: PatternRegistry.vocabulary)
        return try Distribution.decode(JSONField(value: value, path: .root), kind: kind, decoder: decoder)
    }

    @Test(arguments: [
        ("2", QuantityKind.duration, Distribution.constant(2)),
        (#""250ms""#, .duration, .constant(0.25)),
        (#"{"dist": "constant", "value": "1m"}"#, .duration, .constant(60)),
        (#"{"dist": "uniform", "min": "100ms", "max": 1}"#, .duration, .uniform(min: 0.1, max: 1)),
        (#"{"dist": "exponential", "mean": "2s"}"#, .duration, .exponential(mean: 2)),
        (#"{"dist": "exponential", "rate": "120/min"}"#, .duration, .exponential(mean: 0.5)),
        (#"{"dist": "exponential", "rate": 4}"#, .count, .exponential(mean: 0.25)),
        (#"{"dist": "normal", "mean": 100, "sd": 0}"#, .count, .normal(mean: 100, sd: 0)),
        (#"{"dist": "lognormal", "mean": 5, "sd": 0}"#, .count, .constant(5)),
        (#"{"dist": "gamma", "shape": 2, "scale": "1s"}"#, .duration, .gamma(shape: 2, scale: 1)),
        (#"{"dist": "gamma", "shape": 4, "mean": 2}"#, .plain, .gamma(shape: 4, scale: 0.5)),
        (#"{"dist": "weibull", "shape": 1.5, "scale": 3}"#, .plain, .weibull(shape: 1.5, scale: 3)),
        (#"{"dist": "pareto", "scale": 10, "shape": 2}"#, .count, .pareto(scale: 10, shape: 2)),
        (
            #"{"dist": "empirical", "samples": [3, "1s", 2]}"#, .duration,
            .empirical(EmpiricalSamples([1, 2, 3]))
        ),
        (#"{"dist": "uniform_int", "min": 1, "max": 3}"#, .count, .uniformInt(min: 1, max: 3)),
        (#"{"dist": "bernoulli", "p": 0.25}"#, .count, .bernoulli(p: 0.25)),
        (#"{"dist": "normal", "mean": -1, "sd": 2}"#, .plain, .normal(mean: -1, sd: 2)),
        (
            #"{"dist": "mixture", "components": [{"weight": 95, "dist": "constant", "value": "1s"},"#
                + #" {"weight": 5, "dist": "exponential", "mean": "10s"}]}"#, .duration,
            .mixture([
                MixtureComponent(weight: 95, distribution: .constant(1)),
                MixtureComponent(weight: 5, distribution: .exponential(mean: 10)),
            ])
        ),
    ])
    func decodesEachForm(json: String, kind: QuantityKind, expected: Distribution) throws {
        #expect(try decode(json, kind) == expected)
    }

    @Test(arguments: [
        (#""1s""#, QuantityKind.count, "", "expected a number or a distribution, found the string"),
        ("-3", .count, "", "a count cannot be negative"),
        ("[1]", .count, "", "expected a number or a distribution, found an array"),
        (#"{"mean": 1}"#, .count, "", #"missing required key "dist""#),
        (#"{"dist": 3}"#, .count, "dist", "expected a string, found the number 3"),
        (#"{"dist": "lognormal", "mean": 1, "p99": 2}"#, .count, "", "not both"),
        (#"{"dist": "lognormal", "median": 0, "p99": 2}"#, .count, "median", "must be greater than 0"),
        (#"{"dist": "lognormal"}"#, .count, "", "needs mean and sd, or median and p99"),
        (#"{"dist": "uniform_int", "min": 1.5, "max": 3}"#, .count, "min", "not a whole number"),
        (#"{"dist": "empirical", "samples": []}"#, .count, "samples", "needs at least 1 entry"),
        (#"{"dist": "empirical", "samples": [1], "file": "x.csv"}"#, .count, "", "not both"),
        (
            #"{"dist": "mixture", "components": [{"dist": "constant", "value": 1}]}"#, .count,
            "components[0]",
            #"missing required key "weight""#
        ),
        (
            #"{"dist": "mixture", "components": [{"weight": 1, "dist": "constant", "value": 1, "w": 2}]}"#,
            .count,
            "components[0].w", "unknown key"
        ),
        (#"{"dist": "pareto", "scale": 1, "shape": -2}"#, .count, "shape", "must be greater than 0"),
        (#"{"dist": "constant", "value": 1.5}"#, .probability, "value", "between 0 and 1"),
    ])
    func rejectsBadParameters(json: String, kind: QuantityKind, path: String, fragment: String) throws {
        do {
            let d = try decode(json, kind)
            Issue.record("accepted as \(d)")
        } catch {
            #expect(error.path == path)
            #expect(error.description.contains(fragment), "\(error)")
        }
    }
}
