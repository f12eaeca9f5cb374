import AgentSimMetrics

extension GateReport {
    /// JUnit XML: a test suite per scenario and a test case per pattern × metric, named
    /// `pattern.metric`; a regression is a `<failure>`, a scenario without a usable baseline one
    /// `<error>` test case named `baseline`. Improvements and unmatched metrics pass, with their
    /// change in `<system-out>`.
    public var junit: String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let cases = results.reduce(0) { $0 + max(1, $1.findings.count) }
        let failures = results.reduce(0) { $0 + $1.findings.filter { $0.verdict == .regressed }.count }
        let errors = results.filter { $0.problem != nil }.count
        out +=
            "<testsuites name=\"agentsim check\" tests=\"\(cases)\" failures=\"\(failures)\" errors=\"\(errors)\">\n"
        for r in results {
            let name = Self.xml(r.scenario)
            if let problem = r.problem {
                out += "  <testsuite name=\"\(name)\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
                out += "    <testcase classname=\"\(name)\" name=\"baseline\">\n"
                out +=
                    "      <error message=\"\(Self.xml(explanation(problem)))\"/>\n    </testcase>\n  </testsuite>\n"
                continue
            }
            let failed = r.findings.filter { $0.verdict == .regressed }.count
            out +=
                "  <testsuite name=\"\(name)\" tests=\"\(r.findings.count)\" failures=\"\(failed)\" errors=\"0\">\n"
            for f in r.findings {
                out +=
                    "    <testcase classname=\"\(name)\" name=\"\(Self.xml(f.pattern + "." + f.metric.name))\""
                let detail =
                    "baseline \(Self.number(f.baseline)), now \(Self.number(f.now)), change \(Self.change(f)) "
                    + "(95% CI \(Self.interval(f))), spread \(Self.spread(f)): \(f.verdict.rawValue)"
                switch f.verdict {
                case .same:
                    out += "/>\n"
                case .regressed:
                    out +=
                        ">\n      <failure message=\"\(Self.xml(f.metric.name + " regressed: " + detail))\"/>\n"
                    out += "    </testcase>\n"
                case .improved, .withinTolerance, .unmatched:
                    out += ">\n      <system-out>\(Self.xml(detail))</system-out>\n    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// `text` escaped for XML attributes and character data: the shared markup escaper (so the
    /// apostrophe is `&#39;`, as in the report pages).
    static func xml(_ text: String) -> String { MarkupEscaping.escaped(text) }
}
