import Testing

@testable import AgentSim

@Suite struct SimTimeTests {
    @Test func durationFromSecondsRoundsToNearestNanosecond() {
        #expect(SimDuration(seconds: 1.5).nanos == 1_500_000_000)
        #expect(SimDuration(seconds: 0.0000000014).nanos == 1)
        #expect(SimDuration(seconds: -3).nanos == 0)
        #expect(SimDuration(seconds: .nan).nanos == 0)
    }

    @Test func descriptionUsesTheLargestExactUnit() {
        #expect(SimDuration.milliseconds(250).description == "250ms")
        #expect(SimDuration.seconds(7200).description == "2h")
        #expect(SimDuration(nanos: 1_500_000_000).description == "1500ms")
        #expect(SimDuration.zero.description == "0s")
    }

    @Test func additionSaturatesAtNever() {
        #expect(SimTime.never + .seconds(1) == .never)
        #expect(SimTime(nanos: 5) + SimDuration(nanos: 7) == SimTime(nanos: 12))
    }
}
