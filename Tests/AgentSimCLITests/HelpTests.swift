import Testing

@testable import AgentSimCLI

@Suite struct PlaceholderCLITests {
    @Test func moduleLinks() { #expect(Bool(true)) }
}
