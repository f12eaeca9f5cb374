import Testing

@testable import AgentSim
@testable import AgentSimSpec

@Suite struct ScenarioJSONParserTests {
    private func parse(_ text: String) throws(ScenarioError) -> JSONValue {
        try JSONParser.parse(text, file: "f.json")
    }

    private func parseError(_ text: String) -> ScenarioError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func keepsKeyOrderAndPositions() throws {
        let doc = try parse("{\n  \"b\": 1,\n  \"a\": [true, null],\n  \"é\": \"x\", \"c\": {}\n}")
        let members = try #require(doc.members)
        #expect(members.map(\.key) == ["b", "a", "é", "c"])
        #expect(doc.location == JSONLocation(file: "f.json", line: 1, column: 1))
        #expect(members[0].keyLocation.line == 2 && members[0].keyLocation.column == 3)
        #expect(members[0].value.location.column == 8)
        guard case .array(let items) = members[1].value.kind else {
            Issue.record("not an array")
            return
        }
        #expect(items[1].kind == .null)
        #expect(items[1].location.line == 3 && items[1].location.column == 15)
        // Columns count characters, not UTF-8 bytes: "é" is one column.
        #expect(members[3].keyLocation.line == 4 && members[3].keyLocation.column == 13)
    }

    @Test func crlfCountsAsOneLineBreak() throws {
        let doc = try parse("{\r\n\"a\":\r\n 1}")
        #expect(doc["a"]?.location.line == 3)
        #expect(doc["a"]?.location.column == 2)
    }

    @Test func decodesEscapes() throws {
        let doc = try parse(#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u20AC", "\uD83D\uDE00", "\u0000"]"#)
        guard case .array(let items) = doc.kind else {
            Issue.record("not an array")
            return
        }
        #expect(items[0].kind == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(items[1].kind == .string("é€"))
        #expect(items[2].kind == .string("😀"))
        #expect(items[3].kind == .string("\u{0}"))
    }

    @Test func keepsNumbersExactlyAsWritten() throws {
        let doc = try parse("[0, -0, 12, -3.25, 1e3, 2.5E-7, 18446744073709551615, 1e400]")
        guard case .array(let items) = doc.kind else {
            Issue.record("not an array")
            return
        }
        let texts = items.map { item -> String in
            if case .number(let t) = item.kind { return t }
            return "?"
        }
        #expect(texts == ["0", "-0", "12", "-3.25", "1e3", "2.5E-7", "18446744073709551615", "1e400"])
    }

    @Test func acceptsAByteOrderMarkAndSurroundingWhitespace() throws {
        let doc = try parse("\u{FEFF} \t\n {\"a\": 1} \n")
        #expect(doc["a"] != nil)
    }

    @Test(arguments: [
        ("[1, 2,]", 1, 6, "trailing comma before ']'"),
        ("{\n  \"a\": 1,\n}", 2, 9, "trailing comma before '}'"),
        ("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\" (first at line 1:2)"),
        ("{\"a\": 01}", 1, 8, "leading zeros"),
        ("[1.]", 1, 4, "expected a digit after the decimal point"),
        ("[1e]", 1, 4, "expected a digit in the exponent"),
        ("[-]", 1, 3, "expected a digit after '-'"),
        ("[+1]", 1, 2, "found '+'"),
        ("{\"a\": \"abc}", 1, 7, "unterminated string"),
        ("[\"a\nb\"]", 1, 4, "cannot span lines"),
        ("[\"\\x\"]", 1, 3, "invalid escape '\\x'"),
        ("[\"\\uD83D\"]", 1, 3, "followed by a low surrogate"),
        ("[\"\\uDE00\"]", 1, 3, "low surrogate"),
        ("[\"\\u12G4\"]", 1, 7, "four hex digits"),
        ("{\"a\": 1 // note\n}", 1, 9, "JSON has no comments"),
        ("{'a': 1}", 1, 2, "strings use double quotes"),
        ("{a: 1}", 1, 2, "expected a key in double quotes"),
        ("[True]", 1, 2, "JSON literals are lowercase"),
        ("[NaN]", 1, 2, "no NaN or Infinity"),
        ("[.5]", 1, 2, "a digit before its decimal point"),
        ("[\u{201C}a\u{201D}]", 1, 2, "strings must be in double quotes"),
        ("{\"a\" 1}", 1, 6, "expected ':' after the key \"a\""),
        ("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}'"),
        ("[1 2]", 1, 4, "expected ',' or ']'"),
        ("", 1, 1, "the file is empty"),
        ("{} {}", 1, 4, "after the end of the document"),
        ("[", 1, 2, "found the end of the file"),
    ])
    func syntaxErrorsSayWhereAndWhatWasExpected(text: String, line: Int, column: Int, fragment: String) throws
    {
        let error = try #require(parseError(text))
        #expect(error.line == line)
        #expect(error.column == column)
        #expect(error.message.contains(fragment), "\(error.message)")
        #expect(error.file == "f.json")
    }

    @Test func syntaxErrorsNameTheirJSONPath() throws {
        let error = try #require(parseError(#"{"agents": {"w": {"skills": ["a",]}}}"#))
        #expect(error.path == "agents.w.skills")
        #expect(error.description == "f.json:1:33: agents.w.skills: " + error.message)
    }

    @Test func refusesDeepNesting() throws {
        let deep = String(repeating: "[", count: 300) + String(repeating: "]", count: 300)
        let error = try #require(parseError(deep))
        #expect(error.message.contains("nested more than"))
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(parseError(fine) == nil)
    }
}
