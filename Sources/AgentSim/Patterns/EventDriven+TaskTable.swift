/// One record per step copy of every job in flight, for patterns that keep state per task
/// (event-driven, blackboard, stigmergy).
///
/// A step's copy count is known only as its copies become ready, so each (job slot, step) has its
/// own list, filled in copy order as the copies are announced (the core announces a step's copies
/// in order). Lists keep their capacity when a slot is reset: no allocation once warm.
struct TaskStateTable<Element> {
    /// Steps per job.
    let stepCount: Int
    /// The record of a copy when it is announced.
    let initial: Element
    /// At job slot × stepCount + step: the records of the step's copies announced so far.
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
        while serials.count <= slot {
            serials.append(.max)
            records += repeatElement([], count: stepCount)
        }
        if serials[slot] == serial { return false }
        serials[slot] = serial
        let base = slot &* stepCount
        for i in base..<(base &+ stepCount) { records[i].removeAll(keepingCapacity: true) }
        return true
    }

    /// Adds the record of a copy that just became ready.
    /// - Complexity: amortised O(1).
    mutating func announce(_ task: TaskRef) {
        let i = Int(task.job.index) &* stepCount &+ Int(task.step)
        precondition(Int(task.copy) == records[i].count, "copies of a step were announced out of order")
        records[i].append(initial)
    }

    /// Copies of `step` announced so far for `job` (all of them once the step is ready).
    func copies(_ job: JobID, step: Int) -> Int { records[Int(job.index) &* stepCount &+ step].count }

    /// The record of an announced copy.
    subscript(task: TaskRef) -> Element {
        get { records[Int(task.job.index) &* stepCount &+ Int(task.step)][Int(task.copy)] }
        set { records[Int(task.job.index) &* stepCount &+ Int(task.step)][Int(task.copy)] = newValue }
    }
}
