import Testing

@testable import AgentSim

extension MetricsTests {
    @Suite struct TimeWeightedMeanTests {
        static func s(_ seconds: Int64) -> SimTime { SimTime(nanos: seconds * 1_000_000_000) }

        /// 0 on [0,1), 2 on [1,3), 3 on [3,4), 0 on [4,5].
        static func steps(_ level: inout TimeWeightedMean) {
            level.set(2, at: s(1))
            level.add(1, at: s(3))
            level.set(0, at: s(4))
        }

        @Test func meanOfHandComputedSteps() {
            var level = TimeWeightedMean()
            Self.steps(&level)
            // (2·2 + 3·1) / 5
            #expect(level.integral(to: Self.s(5)).int64Value == 7_000_000_000)
            #expect(level.mean(to: Self.s(5)) == 7.0 / 5.0)
            #expect(level.mean(to: Self.s(4)) == 7.0 / 4.0)
            #expect(level.level == 0 && level.lastChange == Self.s(4))
        }

        @Test func currentLevelExtendsToTheEnd() {
            var level = TimeWeightedMean(level: 1, at: .zero)
            level.add(2, at: Self.s(2))
            #expect(level.mean(to: Self.s(4)) == 2.0)  // (1·2 + 3·2) / 4
        }

        @Test func warmUpDeclaredAheadIsClipped() {
            var level = TimeWeightedMean()
            level.startMeasuring(at: Self.s(2))
            Self.steps(&level)
            // window [2,5]: 2·1 + 3·1 + 0·1
            #expect(level.mean(to: Self.s(5)) == 5.0 / 3.0)
            #expect(level.measurementStart == Self.s(2))
        }

        @Test func startMeasuringMidRunForgetsThePast() {
            var level = TimeWeightedMean()
            level.set(10, at: Self.s(1))
            level.startMeasuring(at: Self.s(3))
            level.set(4, at: Self.s(4))
            // window [3,6]: 10·1 + 4·2
            #expect(level.mean(to: Self.s(6)) == 18.0 / 3.0)
        }

        @Test func simultaneousChangesCountOnlyTheLast() {
            var level = TimeWeightedMean()
            level.add(1, at: Self.s(1))
            level.add(1, at: Self.s(1))
            level.add(-1, at: Self.s(1))
            #expect(level.mean(to: Self.s(2)) == 0.5)
        }

        @Test func emptyWindowIsZero() {
            let level = TimeWeightedMean(level: 5, at: Self.s(3))
            #expect(level.mean(to: Self.s(3)) == 0)
        }

        @Test func integralBeyondInt64IsExact() {
            // 10^6 jobs for 10^16 ns is 10^22 level·ns, far past Int64.max (≈ 9.2·10^18).
            var level = TimeWeightedMean(level: 1_000_000, at: .zero)
            let end = SimTime(nanos: 10_000_000_000_000_000)
            #expect(level.integral(to: end).int64Value == nil)
            #expect(level.integral(to: end).doubleValue == 1e22)
            #expect(level.mean(to: end) == 1_000_000)
            level.set(3_000_000, at: end)
            #expect(level.mean(to: SimTime(nanos: 20_000_000_000_000_000)) == 2_000_000)
        }

        @Test func negativeLevelsIntegrateSigned() {
            var level = TimeWeightedMean(level: -3, at: .zero)
            level.set(1, at: SimTime(nanos: 10))
            #expect(level.integral(to: SimTime(nanos: 20)).int64Value == -20)
        }

        @Test func wideSumCarriesBothWays() {
            var sum = WideSum()
            sum.add(.max)
            sum.add(.max)
            #expect(sum.int64Value == nil)
            #expect(sum.doubleValue == 2 * Double(Int64.max))
            sum.add(-Int64.max)
            #expect(sum.int64Value == .max)
            sum.add(-Int64.max)
            sum.add(-1)
            #expect(sum.int64Value == -1)
            sum.addProduct(.min, 2)
            #expect(sum.doubleValue == -1 + 2 * Double(Int64.min))
            var other = WideSum()
            other.addProduct(.min, -2)
            sum.add(other)
            #expect(sum.int64Value == -1)
        }
    }
}
