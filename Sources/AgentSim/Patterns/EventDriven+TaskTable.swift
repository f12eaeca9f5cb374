/// One record per step copy of every job in flight, for patterns that keep state per task
/// (event-driven, blackboard, stigmergy).
///
/// A step's copy count is known only as its copies become ready, so a job's records live in one
/// array per job slot, each step's copies contiguous from the offset at which its first copy was
/// announced. The core announces all copies of a step in one burst (``CoordinationContext``
/// `makeReady`), and these patterns make nothing ready from `taskReady`, so bursts never interleave.
/// Arrays keep their capacity when a slot is reset: no allocation once warm.
struct TaskStateTable<Element> {
    /// Steps per job.
    let stepCount: Int
    /// The record of a copy when it is announced.
    let initial: Element
    /// At job slot × stepCount + step: the offset of copy 0 in `records[slot]`, or -1.
    private var offsets: [Int32] = []
    /// At job slot × stepCount + step: copies announced so far.
    private var counts: [UInt32] = []
    /// Per job slot: the records of its copies.
    private var records: [[Element]] = []
    /// Per job slot: the arrival number of the job the slot's records belong to.
    private var serials: [UInt64] = []

    /// An empty table for jobs of `stepCount` steps.
    init(stepCount: Int, initial: Element) {
        self.stepCount = stepCount
        self.initial = initial
    }

    /// Makes the table ready for `job`: the first time the pattern hears of the job in its slot
    /// (the job's arrival, or, for a stage of a hybrid, its first ready task), forgets the slot's
    /// previous job.
    /// - Returns: Whether the slot was reset (so the caller resets its own per-slot state too).
    /// - Complexity: O(steps) on a reset, amortised; no allocation once the slot was used.
    @discardableResult
    mutating func begin(_ job: JobID, _ ctx: borrowing CoordinationContext) -> Bool {
        let slot = Int(job.index)
        let serial = ctx.serialNumber(of: job)
        while records.count <= slot {
            records.append([])
            serials.append(.max)
            offsets += repeatElement(-1, count: stepCount)
            counts += repeatElement(0, count: stepCount)
        }
        if serials[slot] == serial { return false }
        serials[slot] = serial
        records[slot].removeAll(keepingCapacity: true)
        let base = slot &* stepCount
        for s in base..<(base &+ stepCount) {
            offsets[s] = -1
            counts[s] = 0
        }
        return true
    }

    /// Adds the record of a copy that just became ready.
    /// - Complexity: amortised O(1).
    mutating func announce(_ task: TaskRef) {
        let slot = Int(task.job.index)
        let i = slot &* stepCount &+ Int(task.step)
        if offsets[i] < 0 { offsets[i] = Int32(records[slot].count) }
        precondition(
            Int(offsets[i]) &+ Int(task.copy) == records[slot].count,
            "copies of a step were announced out of order or interleaved with another step's")
        records[slot].append(initial)
        counts[i] &+= 1
    }

    /// Copies of `step` announced so far for `job` (all of them once the step is ready).
    func copies(_ job: JobID, step: Int) -> Int { Int(counts[Int(job.index) &* stepCount &+ step]) }

    /// The record of an announced copy.
    subscript(task: TaskRef) -> Element {
        get { records[Int(task.job.index)][index(task)] }
        set { records[Int(task.job.index)][index(task)] = newValue }
    }

    private func index(_ task: TaskRef) -> Int {
        Int(offsets[Int(task.job.index) &* stepCount &+ Int(task.step)]) &+ Int(task.copy)
    }
}
