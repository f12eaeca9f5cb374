/// Builds the calibrated roles from resolved calls: one per agent and model (or tool), fitted, with
/// its place in the job.
struct RoleBuilder {
    /// Calls grouped by (role, model); the model is "" for tools.
    private struct Key: Hashable, Comparable {
        var role: String
        var model: String
        static func < (a: Key, b: Key) -> Bool { (a.role, a.model) < (b.role, b.model) }
    }

    /// A role's calls within one job.
    private struct InJob {
        var calls = 0
        var instances: Set<String> = []
        var firstStart = Int64.max
        var lastEnd = Int64.min
    }

    let jobs: [TraceJob]

    func roles() -> [Calibration.Role] {
        var calls: [Key: [ResolvedCall]] = [:]
        var perJob: [Key: [Int: InJob]] = [:]
        for (j, job) in jobs.enumerated() {
            for call in job.calls {
                let key = Key(
                    role: call.role, model: call.span.kind == .tool ? "" : call.span.model ?? "unknown")
                calls[key, default: []].append(call)
                var entry = perJob[key, default: [:]][j, default: InJob()]
                entry.calls += 1
                entry.instances.insert(call.instance)
                entry.firstStart = min(entry.firstStart, call.span.startNanos)
                entry.lastEnd = max(entry.lastEnd, call.span.endNanos)
                perJob[key, default: [:]][j] = entry
            }
        }
        let modelsPerRole = Dictionary(grouping: calls.keys, by: \.role).mapValues(\.count)
        // Step order: the median start offset within the job, then the name.
        func medianOffset(_ key: Key) -> Int64 {
            let offsets = perJob[key]!.map { $0.value.firstStart - jobs[$0.key].startNanos }.sorted()
            return offsets[offsets.count / 2]
        }
        let keys = calls.keys.sorted().map { ($0, medianOffset($0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .map(\.0)
        func scenarioName(_ key: Key) -> String {
            sanitized(modelsPerRole[key.role]! > 1 ? key.role + "_" + key.model : key.role)
        }
        var names: [String] = []
        var closure: [String: Set<String>] = [:]
        var roles: [Calibration.Role] = []
        for (position, key) in keys.enumerated() {
            let list = calls[key]!
            let jobsOf = perJob[key]!
            var after: [String] = []
            for earlier in keys[..<position] {
                let other = perJob[earlier]!
                var both = 0
                var before = 0
                for (j, entry) in jobsOf {
                    guard let e = other[j] else { continue }
                    both += 1
                    if e.lastEnd <= entry.firstStart { before += 1 }
                }
                if both > 0, 2 * before > both { after.append(scenarioName(earlier)) }
            }
            // Transitive reduction: drop A when another prerequisite already comes after A.
            let reduced = after.filter { a in !after.contains { b in b != a && closure[b]!.contains(a) } }
            let name = scenarioName(key)
            closure[name] = Set(after).union(after.flatMap { closure[$0]! })
            names.append(name)
            var fanout: [Int: Int] = [:]
            for entry in jobsOf.values { fanout[entry.instances.count, default: 0] += 1 }
            let instances = jobsOf.values.reduce(0) { $0 + $1.instances.count }
            let isTool = key.model.isEmpty
            let inputs = list.compactMap(\.span.inputTokens)
            let outputs = list.compactMap(\.span.outputTokens)
            let missing =
                isTool ? 0 : list.filter { $0.span.inputTokens == nil || $0.span.outputTokens == nil }.count
            roles.append(
                Calibration.Role(
                    name: name, traceName: key.role, model: isTool ? nil : key.model, isTool: isTool,
                    calls: list.count, latency: DistributionFit.fit(list.map(\.span.durationSeconds)),
                    tokensIn: inputs.isEmpty || isTool ? nil : DistributionFit.fit(inputs.map(Double.init)),
                    tokensOut: outputs.isEmpty || isTool
                        ? nil : DistributionFit.fit(outputs.map(Double.init)),
                    missingTokens: missing, fanout: fanout, repeatedCalls: list.count - instances,
                    concurrency: Self.concurrency(list.map(\.span)), after: reduced, jobs: jobsOf.count,
                    namedBySpanName: list.contains(where: \.namedBySpanName),
                    tokensInTotal: inputs.reduce(0, +), tokensOutTotal: outputs.reduce(0, +)))
        }
        return roles
    }

    /// The most spans in progress at once ([start, end): an end at t frees its slot before a start at t).
    static func concurrency(_ spans: [TraceSpan]) -> Int {
        let events = spans.flatMap { [($0.startNanos, 1), ($0.endNanos, -1)] }.sorted {
            ($0.0, $0.1) < ($1.0, $1.1)
        }
        var current = 0
        var most = 0
        for (_, delta) in events {
            current += delta
            most = max(most, current)
        }
        return max(most, 1)
    }

    /// A name safe in `--set` paths: letters, digits, `_` and `-`; anything else becomes `_`.
    static func sanitized(_ name: String) -> String {
        let cleaned = String(
            name.unicodeScalars.map { s -> Character in
                (s.properties.isAlphabetic && s.isASCII) || ("0"..."9").contains(s) || s == "_" || s == "-"
                    ? Character(s) : "_"
            })
        return cleaned.isEmpty ? "role" : cleaned
    }

    private func sanitized(_ name: String) -> String { Self.sanitized(name) }
}
