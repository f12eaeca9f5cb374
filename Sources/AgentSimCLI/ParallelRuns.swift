import Dispatch

/// Runs independent jobs (replications) on every core and collects their results by index.
///
/// Each result lands in the slot of its index, so the returned order, and any bytes derived from it,
/// never depend on which thread finished first. Runs share nothing: a simulation is single-threaded
/// and parallelism is across runs only (DESIGN.md §2).
enum ParallelRuns {
    /// `[body(0), body(1), ..., body(count − 1)]`, computed concurrently.
    static func map<Result: Sendable>(count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        precondition(count >= 0, "cannot run a negative number of jobs")
        let slots = Slots<Result>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in slots.store(body(index), at: index) }
        return slots.collect()
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
