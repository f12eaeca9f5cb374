import Testing

@testable import AgentSim

/// The shared XML/HTML escaper: each reserved character becomes its entity, everything else is
/// kept, and the report's and the gate's escapers are that one function.
@Suite struct MarkupEscapingTests {
    @Test(arguments: [
        ("plain text, é and ✓", "plain text, é and ✓"),
        ("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&#39;"),
        ("a<b & \"c\" 'd'>", "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"),
        ("&amp;", "&amp;amp;"), ("", ""),
    ])
    func escapes(text: String, expected: String) {
        #expect(MarkupEscaping.escaped(text) == expected)
    }

    @Test func reportAndGateShareIt() {
        let text = "it's <a> & \"b\""
        #expect(SVG.escape(text) == MarkupEscaping.escaped(text))
        #expect(GateReport.xml(text) == MarkupEscaping.escaped(text))
    }
}
