import Dispatch

/// Runs independent jobs (replications) on every core and collects their results by index.
///
/// Each result lands in the slot of its index, so the returned order, and any bytes derived from it,
/// never depend on which thread finished first. Runs share nothing: a simulation is single-threaded
/// and parallelism is across runs only (ARCHITECTURE.md §2).
enum ParallelRuns {
    /// `[body(0), body(1), ..., body(count − 1)]`, computed concurrently.
    /// - Parameters:
    ///   - count: How many jobs.
    ///   - threads: At most this many run at once (`nil`: as many as Dispatch gives, one per core);
    ///     1 runs them in order on the calling thread. The results are the same either way.
    ///   - body: One job.
    static func map<Result: Sendable>(count: Int, threads: Int? = nil, _ body: @Sendable (Int) -> Result)
        -> [Result]
    {
        precondition(count >= 0, "cannot run a negative number of jobs")
        let slots = Slots<Result>(count: count)
        if let threads, threads < count {
            precondition(threads >= 1, "at least one thread runs the jobs")
            // Worker w takes indices w, w + threads, w + 2·threads, ...
            DispatchQueue.concurrentPerform(iterations: threads) { worker in
                for index in stride(from: worker, to: count, by: threads) {
                    slots.store(body(index), at: index)
                }
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: count) { index in slots.store(body(index), at: index)
            }
        }
        return slots.collect()
    }

    /// Replications added in fixed batches of this many (per pattern) until a precision target
    /// holds: a constant, never the core count, so the stopping point and every byte derived from it
    /// are the same on every machine.
    static let precisionBatch = 10

    /// Runs replications 0..<n of each of `patterns` alternatives, n growing from `first` by
    /// ``precisionBatch`` until `isPrecise` accepts the results or n reaches `maximum`.
    ///
    /// Whether to go on depends only on the results so far, which depend only on the scenario and
    /// seeds, so the final n is the same on 1 thread or 64.
    /// - Parameters:
    ///   - patterns: How many alternatives run side by side (1 for `run`).
    ///   - first: The first batch's replications per pattern (≥ 1).
    ///   - maximum: The cap on replications per pattern (≥ `first`).
    ///   - threads: As in ``map(count:threads:_:)``.
    ///   - body: Runs replication `replication` of pattern `pattern`.
    ///   - isPrecise: Judges `results[pattern][replication]` after each batch; also where progress
    ///     is reported.
    /// - Returns: `results[pattern][replication]`, every pattern with the same count.
    static func untilPrecise<Result: Sendable>(
        patterns: Int, first: Int, maximum: Int, threads: Int? = nil,
        _ body: @Sendable (_ pattern: Int, _ replication: Int) -> Result, isPrecise: ([[Result]]) -> Bool
    ) -> [[Result]] {
        precondition(
            patterns >= 1 && first >= 1 && maximum >= first, "a precision run needs 1 ≤ first ≤ maximum")
        var results = [[Result]](repeating: [], count: patterns)
        var done = 0
        var batch = first
        while true {
            let start = done
            let size = batch
            let fresh = map(count: patterns * size, threads: threads) { index in
                body(index / size, start + index % size)
            }
            for p in 0..<patterns { results[p] += fresh[(p * size)..<((p + 1) * size)] }
            done += size
            if isPrecise(results) || done >= maximum { return results }
            batch = min(precisionBatch, maximum - done)
        }
    }
}

/// Write-once result slots shared by the workers of ``ParallelRuns/map(count:_:)``.
///
/// `@unchecked Sendable` is sound here: every index is written by exactly one worker, each slot is
/// written once, and `collect()` runs after `concurrentPerform` has returned (which happens-after every
/// worker's write).
private final class Slots<Result: Sendable>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Result?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func store(_ result: Result, at index: Int) { buffer[index] = result }

    func collect() -> [Result] { buffer.map { $0! } }
}
