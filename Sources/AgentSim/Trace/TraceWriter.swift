import AgentSimMetrics

/// Writes a ``TraceRecorder``'s events as Chrome trace-event JSON (Perfetto and chrome://tracing
/// open it).
///
/// Process 0 is the run (job arrivals and ends, faults, counters); process r + 1 is role r, with
/// one thread per agent. An agent that serves several calls at once gets one thread per
/// concurrent call ("lane"), so slices never overlap on a thread. Times are virtual microseconds.
public enum TraceWriter {
    /// What the file says about itself in `otherData`.
    public struct Metadata: Sendable {
        /// The scenario's name.
        public var scenario: String
        /// The pattern that ran.
        public var pattern: String
        /// The replication traced.
        public var replication: Int
        /// The root seed of that replication (the same seed replays the trace).
        public var seed: UInt64
        /// The warm-up, in virtual nanoseconds.
        public var warmupNanos: Int64

        /// Metadata for replication `replication` (seed `seed`) of `scenario` under `pattern`.
        public init(scenario: String, pattern: String, replication: Int, seed: UInt64, warmupNanos: Int64) {
            self.scenario = scenario
            self.pattern = pattern
            self.replication = replication
            self.seed = seed
            self.warmupNanos = warmupNanos
        }
    }

    /// The thread of the run's jobs, faults and messages from outside the fleet.
    static let jobsThread = 1
    static let faultsThread = 2
    static let outsideThread = 3

    /// The trace file's text.
    /// - Complexity: O(e log e) for e recorded events.
    public static func json(_ trace: TraceRecorder, fleet: Fleet, metadata: Metadata) -> String {
        var events: [String] = []
        let (lanes, laneCount) = assignLanes(trace.calls, agents: fleet.agentCount)
        events += namingEvents(fleet, laneCount: laneCount)
        for (k, call) in trace.calls.enumerated() {
            let (pid, tid) = track(call.agent, lane: lanes[k], fleet)
            events.append(
                TraceJSON.object([
                    ("name", TraceJSON.string(call.name)), ("cat", TraceJSON.string(call.cause.description)),
                    ("ph", "\"X\""), ("ts", TraceJSON.micros(call.startNanos)),
                    ("dur", TraceJSON.micros(call.endNanos - call.startNanos)), ("pid", "\(pid)"),
                    ("tid", "\(tid)"),
                    (
                        "args",
                        TraceJSON.object([
                            ("job", "\(call.serial)"), ("tokens_in", "\(call.tokensIn)"),
                            ("tokens_out", "\(call.tokensOut)"), ("cost_usd", TraceJSON.number(call.costUSD)),
                        ])
                    ),
                ]))
        }
        for (k, flow) in trace.flows.enumerated() { events += flowEvents(flow, id: k + 1, fleet) }
        for instant in trace.instants { events.append(instantEvent(instant, fleet)) }
        for counter in trace.counters { events += counterEvents(counter, fleet) }
        return "{\"traceEvents\":[\n" + events.joined(separator: ",\n")
            + "\n],\n\"displayTimeUnit\":\"ms\",\n"
            + "\"otherData\":" + otherData(trace, metadata) + "}\n"
    }

    /// The process and thread of `agent`'s lane `lane`.
    static func track(_ agent: Int, lane: Int, _ fleet: Fleet) -> (pid: Int, tid: Int) {
        (Int(fleet.roleOfAgent[agent]) + 1, agent * 1000 + lane + 1)
    }

    /// A lane per call: on each agent, calls sorted by start take the lowest lane free by then
    /// (interval partitioning: as many lanes as the most calls running at once).
    static func assignLanes(_ calls: [TraceCall], agents: Int) -> (lanes: [Int], count: [Int]) {
        var lanes = Array(repeating: 0, count: calls.count)
        var count = Array(repeating: 0, count: agents)
        var byAgent = Array(repeating: [Int](), count: agents)
        for (k, call) in calls.enumerated() { byAgent[call.agent].append(k) }
        for a in 0..<agents {
            let order = byAgent[a].sorted {
                (calls[$0].startNanos, calls[$0].endNanos, $0) < (
                    calls[$1].startNanos, calls[$1].endNanos, $1
                )
            }
            var laneEnds: [Int64] = []
            for k in order {
                if let free = laneEnds.firstIndex(where: { $0 <= calls[k].startNanos }) {
                    lanes[k] = free
                    laneEnds[free] = calls[k].endNanos
                } else {
                    lanes[k] = laneEnds.count
                    laneEnds.append(calls[k].endNanos)
                }
            }
            count[a] = laneEnds.count
        }
        return (lanes, count)
    }

    /// `process_name` per role and for the run, `thread_name` per agent lane, and sort orders.
    static func namingEvents(_ fleet: Fleet, laneCount: [Int]) -> [String] {
        func meta(_ name: String, pid: Int, tid: Int, _ args: [(String, String)]) -> String {
            TraceJSON.object([
                ("name", TraceJSON.string(name)), ("ph", "\"M\""), ("pid", "\(pid)"), ("tid", "\(tid)"),
                ("args", TraceJSON.object(args)),
            ])
        }
        var events = [
            meta("process_name", pid: 0, tid: 0, [("name", TraceJSON.string("run"))]),
            meta("process_sort_index", pid: 0, tid: 0, [("sort_index", "0")]),
            meta("thread_name", pid: 0, tid: jobsThread, [("name", TraceJSON.string("jobs"))]),
            meta("thread_name", pid: 0, tid: faultsThread, [("name", TraceJSON.string("faults"))]),
            meta("thread_name", pid: 0, tid: outsideThread, [("name", TraceJSON.string("outside / pools"))]),
        ]
        for (r, role) in fleet.roles.enumerated() {
            events.append(meta("process_name", pid: r + 1, tid: 0, [("name", TraceJSON.string(role.name))]))
            events.append(meta("process_sort_index", pid: r + 1, tid: 0, [("sort_index", "\(r + 1)")]))
            for k in 0..<role.count {
                let a = role.firstAgent + k
                for lane in 0..<max(1, laneCount[a]) {
                    let name = "\(role.name)[\(k)]" + (lane == 0 ? "" : " call \(lane + 1)")
                    let (pid, tid) = track(a, lane: lane, fleet)
                    events.append(meta("thread_name", pid: pid, tid: tid, [("name", TraceJSON.string(name))]))
                }
            }
        }
        return events
    }

    /// The start ("s", at the sender) and end ("f", at the receiver) of a message's arrow.
    static func flowEvents(_ flow: TraceFlow, id: Int, _ fleet: Fleet) -> [String] {
        func end(_ agent: Int?, _ phase: String, _ nanos: Int64) -> String {
            let (pid, tid) = agent.map { track($0, lane: 0, fleet) } ?? (0, outsideThread)
            var fields: [(String, String)] = [
                ("name", TraceJSON.string("message #\(flow.tag)")), ("cat", "\"message\""),
                ("ph", TraceJSON.string(phase)), ("id", "\(id)"), ("ts", TraceJSON.micros(nanos)),
                ("pid", "\(pid)"), ("tid", "\(tid)"),
            ]
            if phase == "f" { fields.append(("bp", "\"e\"")) }
            fields.append(("args", TraceJSON.object([("job", "\(flow.serial)")])))
            return TraceJSON.object(fields)
        }
        return [end(flow.from, "s", flow.sentNanos), end(flow.to, "f", flow.deliveredNanos)]
    }

    /// A job's arrival or end (on the jobs thread), a fault (global), or a lost message (at its sender).
    static func instantEvent(_ instant: TraceInstant, _ fleet: Fleet) -> String {
        let isFault = instant.kind == .faultStart || instant.kind == .faultEnd
        let (pid, tid) =
            isFault
            ? (0, faultsThread)
            : instant.agent.map { track($0, lane: 0, fleet) } ?? (0, jobsThread)
        var args: [(String, String)] = []
        if let serial = instant.serial { args.append(("job", "\(serial)")) }
        if !instant.detail.isEmpty { args.append(("detail", TraceJSON.string(instant.detail))) }
        return TraceJSON.object([
            ("name", TraceJSON.string(instant.kind.rawValue)), ("cat", isFault ? "\"fault\"" : "\"job\""),
            ("ph", "\"i\""), ("s", isFault ? "\"g\"" : "\"t\""), ("ts", TraceJSON.micros(instant.nanos)),
            ("pid", "\(pid)"), ("tid", "\(tid)"), ("args", TraceJSON.object(args)),
        ])
    }

    /// The two counter tracks at one moment: jobs in flight, and queued calls by queue.
    static func counterEvents(_ counter: TraceCounter, _ fleet: Fleet) -> [String] {
        var queues: [(String, String)] = []
        for (p, n) in counter.queued.enumerated() {
            let label = p < fleet.pools.count ? fleet.pools[p].label : "agent queues"
            queues.append((label, "\(n)"))
        }
        let ts = TraceJSON.micros(counter.nanos)
        return [
            TraceJSON.object([
                ("name", "\"jobs in flight\""), ("ph", "\"C\""), ("ts", ts), ("pid", "0"),
                ("args", TraceJSON.object([("jobs", "\(counter.jobsInFlight)")])),
            ]),
            TraceJSON.object([
                ("name", "\"queued calls\""), ("ph", "\"C\""), ("ts", ts), ("pid", "0"),
                ("args", TraceJSON.object(queues)),
            ]),
        ]
    }

    /// What was traced and how to read it.
    static func otherData(_ trace: TraceRecorder, _ m: Metadata) -> String {
        let first = trace.firstSerial.map { "\($0)" } ?? "none"
        let last = trace.firstSerial.map { "\($0 + UInt64(trace.jobLimit) - 1)" } ?? "none"
        return TraceJSON.object([
            ("generator", TraceJSON.string("agentsim \(AgentSimVersion.current)")),
            ("scenario", TraceJSON.string(m.scenario)), ("pattern", TraceJSON.string(m.pattern)),
            ("replication", "\(m.replication)"), ("seed", TraceJSON.string("\(m.seed)")),
            ("time", TraceJSON.string("virtual time; ts and dur in microseconds")),
            ("traced_jobs", "\(trace.jobLimit)"),
            (
                "selection",
                TraceJSON.string(
                    "only the first \(trace.jobLimit) jobs arriving "
                        + (trace.afterWarmup
                            ? "at or after the warm-up (\(TraceJSON.micros(m.warmupNanos)) µs)"
                            : "from time 0")
                        + ": arrival numbers \(first)...\(last), "
                        + "and the calls and messages that touch them; faults are all kept")
            ),
        ])
    }
}
