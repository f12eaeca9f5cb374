/// The state of the invariant observers of one run: what they remember between events.
///
/// Observers never change the run: they read the engine's state and record ``Violation`` values,
/// nothing else. When checking is off (the default, so that `agentsim run` stays fast) the arrays
/// stay empty and the engine skips every observer behind one flag.
struct InvariantChecker {
    /// Put a limit on everything: a run keeps at most this many violations (the first ones).
    static let maxViolations = 100

    /// The root seed, copied into every violation.
    let seed: UInt64
    /// The scenario's delegation depth limit, if it has one.
    let maxDepth: Int?
    /// Steps per job, for the per-(job, step) tables.
    let stepCount: Int
    /// The time of the last event seen.
    var lastNanos: Int64 = 0
    /// Arrived − ended − in flight at the last event (0 when jobs are conserved).
    var conservationGap = 0
    /// Violations in the order seen, at most ``maxViolations``.
    var violations: [Violation] = []
    /// Violations seen beyond the cap.
    var overflow = 0
    /// Per job slot × step: when the step was made ready (-1: not yet).
    var readyAt: [Int64] = []
    /// Per job slot × step: work results reported for it (`taskFinished`).
    var finished: [UInt32] = []
    /// Per message slot: when the message in flight was sent.
    var sentAt: [Int64] = []
    /// Whether the end-of-run checks already ran (they run once).
    var finishedRun = false
    /// Per job slot: what last touched the job (``JobTouch``).
    var touches: [JobTouch] = []
    /// The time of the event being handled (set before it is handled).
    var eventNanos: Int64 = 0
    /// The time of the last event that touched an active job: when the system went quiet.
    var quietNanos: Int64 = 0

    /// A checker for a run with root seed `seed`.
    init(seed: UInt64, maxDepth: Int?, stepCount: Int) {
        self.seed = seed
        self.maxDepth = maxDepth
        self.stepCount = stepCount
    }

    /// Records `violation`, or counts it once the cap is reached.
    mutating func record(_ violation: Violation) {
        if violations.count < Self.maxViolations {
            violations.append(violation)
        } else {
            overflow &+= 1
        }
    }

    /// Makes room for job slot `slot` and forgets what a previous job in the slot left.
    mutating func admit(slot: Int) {
        let needed = (slot + 1) * stepCount
        if readyAt.count < needed {
            readyAt += Array(repeating: -1, count: needed - readyAt.count)
            finished += Array(repeating: 0, count: needed - finished.count)
        }
        if touches.count <= slot { touches += Array(repeating: JobTouch(), count: slot + 1 - touches.count) }
        touches[slot] = JobTouch(kind: .arrived, nanos: eventNanos)
        quietNanos = max(quietNanos, eventNanos)
        let base = slot * stepCount
        for s in 0..<stepCount {
            readyAt[base + s] = -1
            finished[base + s] = 0
        }
    }

    /// Remembers when message slot `slot` was sent.
    mutating func sent(slot: UInt32, at nanos: Int64) {
        let i = Int(slot)
        if sentAt.count <= i { sentAt += Array(repeating: 0, count: i + 1 - sentAt.count) }
        sentAt[i] = nanos
    }
}
