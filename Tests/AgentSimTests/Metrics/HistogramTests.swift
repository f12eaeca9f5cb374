import Testing

@testable import AgentSim
@testable import AgentSimMetrics

extension MetricsTests {
    @Suite struct HistogramTests {
        static let quantiles: [Double] = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1]

        /// The true nearest-rank quantile of `values`, by the histogram's own rank convention.
        static func trueQuantile(_ sorted: [Int64], _ q: Double) -> Int64 {
            sorted[Histogram.rank(ofQuantile: q, count: sorted.count) - 1]
        }

        /// The stated bound: |reported − true| ≤ true / 256, i.e. 256 · |diff| ≤ true.
        static func withinBound(_ reported: Int64, _ exact: Int64) -> Bool {
            let diff = reported > exact ? reported - exact : exact - reported
            return diff <= exact / 256
        }

        @Test func emptyHistogramReportsZeros() {
            let h = Histogram()
            #expect(h.count == 0 && h.isEmpty)
            #expect(h.mean == 0 && h.min == 0 && h.max == 0 && h.sum == 0)
            #expect(h.quantile(0.5) == 0 && h.quantile(0) == 0 && h.quantile(1) == 0)
        }

        @Test func valuesBelow256AreExact() {
            var h = Histogram()
            var values: [Int64] = []
            for v in Int64(0)..<256 {
                for _ in 0...(v % 3) {
                    h.record(v)
                    values.append(v)
                }
            }
            values.sort()
            for step in 0...1000 {
                let q = Double(step) / 1000
                #expect(h.quantile(q) == Self.trueQuantile(values, q), "q = \(q)")
            }
        }

        @Test func bucketsTileTheWholeRange() {
            var expectedLower: Int64 = 0
            for index in 0..<Histogram.bucketCount {
                let (lower, width) = Histogram.bucketRange(index)
                #expect(lower == expectedLower, "bucket \(index)")
                #expect(Histogram.bucketIndex(lower) == index)
                #expect(Histogram.bucketIndex(lower + (width - 1)) == index)
                // The bound's premise: a bucket is at most 1/128 of its smallest value wide.
                #expect(index < 256 ? width == 1 : lower >= 128 * width)
                if index + 1 < Histogram.bucketCount {
                    expectedLower = lower + width
                } else {
                    #expect(lower + (width - 1) == .max)
                }
            }
        }

        @Test(arguments: [1 as UInt64, 2, 3, 42, 2024])
        func quantilesAreWithinTheStatedBoundOverWideRanges(seed: UInt64) {
            var rng = TestRandom(seed: seed)
            var h = Histogram()
            var values: [Int64] = []
            for _ in 0..<20_000 {
                // Log-uniform over 1 ns ... ~Int64.max, so every octave is exercised.
                let bits = Int64.random(in: 0...62, using: &rng)
                let v = Int64.random(in: 0...(Int64(1) << bits), using: &rng)
                h.record(v)
                values.append(v)
            }
            values.sort()
            for step in 0...1000 {
                let q = Double(step) / 1000
                let exact = Self.trueQuantile(values, q)
                let reported = h.quantile(q)
                #expect(Self.withinBound(reported, exact), "q = \(q): \(reported) vs \(exact)")
            }
            #expect(h.quantile(0) == values.first && h.quantile(1) == values.last)
        }

        @Test(arguments: [5 as UInt64, 6])
        func quantilesOfLatencyLikeDataAreWithinTheBound(seed: UInt64) {
            // Milliseconds to minutes, in nanoseconds: the simulator's usual range.
            var rng = TestRandom(seed: seed)
            var h = Histogram()
            var values: [Int64] = []
            for _ in 0..<50_000 {
                let v = Int64.random(in: 1_000_000...120_000_000_000, using: &rng)
                h.record(v)
                values.append(v)
            }
            values.sort()
            for q in Self.quantiles {
                #expect(Self.withinBound(h.quantile(q), Self.trueQuantile(values, q)), "q = \(q)")
            }
        }

        @Test func countSumMeanMinMaxAreExact() {
            var h = Histogram()
            let values: [Int64] = [3, 1_000_000_007, 17, 999_999_999_999, 256, 257, 40_000]
            for v in values { h.record(v) }
            let sum = values.reduce(0, +)
            #expect(h.count == values.count)
            #expect(h.exactSum == sum)
            #expect(h.sum == Double(sum))
            #expect(h.mean == Double(sum) / Double(values.count))
            #expect(h.min == 3 && h.max == 999_999_999_999)
        }

        @Test func sumDoesNotOverflowNearInt64Max() {
            var h = Histogram()
            h.record(.max)
            h.record(.max)
            #expect(h.exactSum == nil)
            #expect(h.sum == 2 * Double(Int64.max))
            #expect(h.mean == Double(Int64.max))
            #expect(h.max == .max && h.quantile(1) == .max && h.quantile(0.5) == .max)
        }

        @Test func negativeValuesCountAsZero() {
            var h = Histogram()
            h.record(-5)
            h.record(10)
            #expect(h.min == 0 && h.count == 2 && h.exactSum == 10)
            #expect(h.quantile(0.5) == 0)
        }

        @Test func recordingWithACountEqualsRecordingRepeatedly() {
            var once = Histogram()
            var repeated = Histogram()
            once.record(123_456_789, count: 5)
            once.record(7, count: 0)
            for _ in 0..<5 { repeated.record(123_456_789) }
            #expect(once == repeated)
        }

        @Test func mergeEqualsRecordingIntoOne() {
            var rng = TestRandom(seed: 9)
            var a = Histogram()
            var b = Histogram()
            var both = Histogram()
            for i in 0..<5_000 {
                let v = Int64.random(in: 0...10_000_000_000, using: &rng)
                if i % 3 == 0 { a.record(v) } else { b.record(v) }
                both.record(v)
            }
            var merged = a
            merged.merge(b)
            #expect(merged == both)
            var intoEmpty = Histogram()
            intoEmpty.merge(both)
            #expect(intoEmpty == both)
            merged.merge(Histogram())
            #expect(merged == both)
        }

        @Test func rankIsNearestRankAndRobustToBinaryRounding() {
            #expect(Histogram.rank(ofQuantile: 0.07, count: 100) == 7)  // 0.07 · 100 = 7.000000000000001
            #expect(Histogram.rank(ofQuantile: 0.99, count: 1000) == 990)
            #expect(Histogram.rank(ofQuantile: 0.5, count: 3) == 2)
            #expect(Histogram.rank(ofQuantile: 0.5, count: 4) == 2)
            #expect(Histogram.rank(ofQuantile: 0, count: 10) == 1)
            #expect(Histogram.rank(ofQuantile: 1, count: 10) == 10)
            #expect(Histogram.rank(ofQuantile: 0.3, count: 0) == 0)
        }

        @Test func reportsTheBucketMidpointClampedToTheRange() {
            // 1_000_000 lies in bucket [999_424, 1_003_520), whose midpoint is 1_001_472.
            var h = Histogram()
            h.record(1_000_000)
            #expect(h.quantile(0.5) == 1_000_000)  // clamped to max
            h.record(2_000_000)
            #expect(h.quantile(0.5) == 1_001_472)
            var high = Histogram()
            high.record(1_003_000)
            high.record(1_003_100)
            #expect(high.quantile(0.5) == 1_003_000)  // clamped to min
        }
    }
}
