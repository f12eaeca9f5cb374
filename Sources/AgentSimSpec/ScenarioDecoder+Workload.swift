import AgentSimDistributions
import AgentSimKernel

/// `workload`: the arrival process, how long arrivals last, and the job every arrival brings.
extension ScenarioDecoder {
    static let workloadKeys = ["arrivals", "jobs", "horizon", "warmup", "max_in_flight", "job"]
    static let arrivalKeys: [String: [String]] = [
        "poisson": ["process", "rate"], "constant": ["process", "rate"],
        "bursty": ["process", "rate", "off_rate", "on", "off"], "trace": ["process", "file"],
    ]
    static let arrivalProcesses = ["poisson", "constant", "bursty", "trace"]
    static let stepKeys = ["name", "skill", "after", "fanout", "tokens_in", "tokens_out", "catches"]

    func decodeWorkload(_ field: JSONField) throws(ScenarioError) -> WorkloadSpec {
        let object = try ObjectReader(field, allowed: Self.workloadKeys, what: "a workload", decoder: self)
        let arrivalsField = try object.required("arrivals")
        let arrivals = try decodeArrivals(arrivalsField)
        var jobs: Int?
        if let f = object.optional("jobs") { jobs = try integer(f, minimum: 1, maximum: Int.max) }
        var horizon: SimDuration?
        if let f = object.optional("horizon") { horizon = try positiveDuration(f) }
        var warmup = SimDuration.zero
        var automaticWarmup = false
        if let f = object.optional("warmup") {
            if case .string("auto") = f.value.kind {
                automaticWarmup = true
            } else {
                do throws(ScenarioError) {
                    warmup = try duration(f)
                } catch {
                    var e = error
                    e.allowed += ", or \"auto\" (MSER-5 picks it from each replication)"
                    throw e
                }
            }
        }
        let job = try decodeJob(object.required("job"))
        var workload = WorkloadSpec(
            arrivals: arrivals, jobs: jobs, horizon: horizon, warmup: warmup, job: job)
        workload.automaticWarmup = automaticWarmup
        if let f = object.optional("max_in_flight") { workload.maxInFlight = try integer(f, minimum: 1) }
        return workload
    }

    private func decodeArrivals(_ field: JSONField) throws(ScenarioError) -> ArrivalProcess {
        guard field.value.members != nil else {
            throw error(
                field, "expected the arrival process (a JSON object), found \(field.value.typeDescription)",
                allowed: "{ \"process\": " + Self.arrivalProcesses.joined(separator: " | ") + ", ... }")
        }
        guard let processField = ObjectReader.member(field, "process", decoder: self) else {
            throw error(
                field, "missing required key \"process\"", allowed: ClosestKey.list(Self.arrivalProcesses))
        }
        let process = try choice(processField, among: Self.arrivalProcesses, what: "arrival process")
        let allowed = Self.arrivalKeys[process]!
        var elsewhere: [String: String] = [:]
        for other in Self.arrivalProcesses where other != process {
            for key in Self.arrivalKeys[other]! where !allowed.contains(key) {
                let users = Self.arrivalProcesses.filter { Self.arrivalKeys[$0]!.contains(key) }
                elsewhere[key] =
                    "\(quoted(key)) does not apply to the \(process) process (only to "
                    + users.joined(separator: ", ") + ")"
            }
        }
        let object = try ObjectReader(field, allowed: allowed, unsupported: elsewhere, decoder: self)
        switch process {
        case "poisson":
            return .poisson(ratePerSecond: try positiveRate(object.required("rate")))
        case "constant":
            return .constant(ratePerSecond: try positiveRate(object.required("rate")))
        case "bursty":
            let on = try positiveRate(object.required("rate"))
            var off = 0.0
            if let f = object.optional("off_rate") { off = try rate(f) }
            return .bursty(
                onRatePerSecond: on, offRatePerSecond: off, on: try positiveDuration(object.required("on")),
                off: try positiveDuration(object.required("off")))
        default:  // trace
            return .trace(times: try traceTimes(object.required("file")))
        }
    }

    private func decodeJob(_ field: JSONField) throws(ScenarioError) -> JobTemplateSpec {
        let object = try ObjectReader(field, allowed: ["steps"], what: "a job", decoder: self)
        var steps: [StepSpec] = []
        for stepField in try array(object.required("steps"), minimumCount: 1, what: "steps") {
            steps.append(try decodeStep(stepField))
        }
        return JobTemplateSpec(steps: steps)
    }

    private func decodeStep(_ field: JSONField) throws(ScenarioError) -> StepSpec {
        let object = try ObjectReader(field, allowed: Self.stepKeys, what: "a step", decoder: self)
        var step = StepSpec(
            name: try nonEmptyString(object.required("name")),
            skill: try nonEmptyString(object.required("skill")))
        if let f = object.optional("after") {
            step.after = try distinctStrings(f, minimumCount: 0, what: "step names")
        }
        if let f = object.optional("fanout") {
            step.fanout = try Distribution.decode(f, kind: .count, decoder: self)
            if let c = step.fanout.constantValue, c < 1 || c.rounded() != c {
                throw error(f, "a constant fanout must be a whole number ≥ 1, found \(written(f))")
            }
        }
        if let f = object.optional("tokens_in") {
            step.tokensIn = try Distribution.decode(f, kind: .count, decoder: self)
        }
        if let f = object.optional("tokens_out") {
            step.tokensOut = try Distribution.decode(f, kind: .count, decoder: self)
        }
        if let f = object.optional("catches") { step.catches = try probability(f) }
        return step
    }
}
