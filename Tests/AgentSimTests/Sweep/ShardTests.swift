import Testing

@testable import AgentSim

/// `--shard I/N` and `auto/N`: every point exactly once, balanced, and the engines' index variables.
@Suite struct ShardTests {
    @Test(arguments: [1, 2, 3, 4, 5, 7, 12, 13, 50])
    func shardsCoverEveryPointOnce(count: Int) {
        let total = 12
        let shards = (0..<count).map { Shard(index: $0, count: count).points(of: total) }
        #expect(shards.flatMap { $0 }.sorted() == Array(0..<total))
        let sizes = shards.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
        for points in shards { #expect(points == points.sorted()) }
    }

    @Test func parsesExplicitShards() throws {
        #expect(try Shard.parse("2/5", environment: [:]) == Shard(index: 2, count: 5))
        for bad in ["5/5", "-1/3", "1", "1/0", "a/3", "1/3/4", "auto/0"] {
            #expect(throws: SweepError.self) { _ = try Shard.parse(bad, environment: [:]) }
        }
    }

    @Test func autoReadsTheEnginesVariablesInOrder() throws {
        let all = [
            "JOB_COMPLETION_INDEX": "1", "SLURM_ARRAY_TASK_ID": "12", "SLURM_ARRAY_TASK_MIN": "10",
            "AGENTSIM_SHARD_INDEX": "3",
        ]
        #expect(try Shard.parse("auto/4", environment: all).index == 1)
        var slurm = all
        slurm["JOB_COMPLETION_INDEX"] = nil
        #expect(try Shard.parse("auto/4", environment: slurm).index == 2)
        slurm["SLURM_ARRAY_TASK_MIN"] = nil
        slurm["SLURM_ARRAY_TASK_ID"] = "0"
        #expect(try Shard.parse("auto/4", environment: slurm).index == 0)
        #expect(try Shard.parse("auto/4", environment: ["AGENTSIM_SHARD_INDEX": "3"]).index == 3)
    }

    @Test func autoRefusesMissingOrOutOfRangeIndices() {
        func message(_ environment: [String: String]) -> String? {
            do {
                _ = try Shard.parse("auto/4", environment: environment)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(message([:])?.contains("none of JOB_COMPLETION_INDEX") == true)
        #expect(message(["AGENTSIM_SHARD_INDEX": "4"])?.contains("outside 0..<4") == true)
        #expect(
            message(["JOB_COMPLETION_INDEX": "x"])?.contains("JOB_COMPLETION_INDEX=x is not an integer")
                == true)
        #expect(
            message(["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "2"])?.contains("outside") == true)
    }
}
