/// One of N shards of a sweep: the points `index`, `index + N`, `index + 2N`, ...
///
/// Round-robin keeps shards balanced (their sizes differ by at most one point) and spreads
/// neighbouring points, which tend to cost alike, over different shards. Shards 0..<N cover every
/// point exactly once, for any N, including N larger than the grid (the extra shards are empty).
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// Put a limit on everything: at most this many shards.
    public static let maxCount = 100_000
    /// The index variables `--shard auto/N` reads, in order: Kubernetes Indexed Job, Slurm job
    /// array, anything else.
    public static let indexVariables = [
        "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "AGENTSIM_SHARD_INDEX",
    ]
    /// The whole sweep as one shard.
    public static let whole = Shard(index: 0, count: 1)

    /// This shard's number, 0..<``count``.
    public let index: Int
    /// How many shards.
    public let count: Int

    /// Shard `index` of `count`.
    public init(index: Int, count: Int) {
        precondition(count >= 1 && (0..<count).contains(index), "a shard index is in 0..<count")
        self.index = index
        self.count = count
    }

    /// `--shard I/N` or `--shard auto/N`, the index of `auto` read from `environment`.
    /// - Throws: ``SweepError`` naming `--shard` or the variable at fault.
    public static func parse(_ text: String, environment: [String: String]) throws(SweepError) -> Shard {
        let allowed =
            "I/N with 0 ≤ I < N ≤ \(maxCount), or auto/N (the index from \(indexVariables.joined(separator: ", ")))"
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = Int(parts[1]), (1...maxCount).contains(count) else {
            throw SweepError("--shard \(text)", "expected I/N or auto/N", allowed: allowed)
        }
        if parts[0] != "auto" {
            guard let index = Int(parts[0]), (0..<count).contains(index) else {
                throw SweepError("--shard \(text)", "the index must be in 0..<\(count)", allowed: allowed)
            }
            return Shard(index: index, count: count)
        }
        let (variable, index) = try autoIndex(environment)
        guard (0..<count).contains(index) else {
            throw SweepError(
                "--shard \(text)", "\(variable) gives the index \(index), outside 0..<\(count)",
                allowed:
                    "an index in 0..<\(count): run N tasks numbered from 0 (or from SLURM_ARRAY_TASK_MIN)")
        }
        return Shard(index: index, count: count)
    }

    /// The variable `auto` takes its index from, and the index.
    private static func autoIndex(_ environment: [String: String]) throws(SweepError) -> (String, Int) {
        func integer(_ name: String) throws(SweepError) -> Int? {
            guard let raw = environment[name], !raw.isEmpty else { return nil }
            guard let value = Int(raw) else {
                throw SweepError("--shard auto", "\(name)=\(raw) is not an integer")
            }
            return value
        }
        if let index = try integer("JOB_COMPLETION_INDEX") { return ("JOB_COMPLETION_INDEX", index) }
        if let task = try integer("SLURM_ARRAY_TASK_ID") {
            let minimum = try integer("SLURM_ARRAY_TASK_MIN") ?? 0
            return ("SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN", task - minimum)
        }
        if let index = try integer("AGENTSIM_SHARD_INDEX") { return ("AGENTSIM_SHARD_INDEX", index) }
        throw SweepError(
            "--shard auto", "none of \(indexVariables.joined(separator: ", ")) is set",
            allowed:
                "run under a Kubernetes Indexed Job or a Slurm array, set AGENTSIM_SHARD_INDEX, or give --shard I/N"
        )
    }

    /// This shard's points of a grid of `total`, in order.
    public func points(of total: Int) -> [Int] { Array(Swift.stride(from: index, to: total, by: count)) }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}
