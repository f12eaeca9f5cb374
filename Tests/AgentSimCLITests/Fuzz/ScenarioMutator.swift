@testable import AgentSim
@testable import AgentSimRandom
@testable import AgentSimSpec

/// Seeded structural mutations of a scenario document: what a fuzz case feeds the binary.
///
/// Each mutation picks a random value of the parsed tree (every object member and array element is
/// a candidate) and deletes, duplicates, retypes or replaces it, or grows the tree (a huge array,
/// deep nesting); a few cases cut the rendered text short instead. Whatever the mutations did, the
/// case is then capped (``cap(_:)``) so no simulation runs long: a timeout on a capped case is a hang.
struct ScenarioMutator {
    var rng: Xoshiro256StarStar

    /// Numbers at the edges of every conversion: zero, negative, tiny, huge, beyond Int64 and UInt32.
    static let edgeNumbers = [
        "0", "-1", "1e-300", "1e300", "-1e300", "1e999", "9223372036854775808", "4294967296", "65536",
        "2.5", "-0", "1e19", "0.000000001",
    ]
    /// Strings that look like numbers or units but are not, or are at their edges.
    static let edgeStrings = [
        "NaN", "nan", "Infinity", "-Infinity", "inf", "", "1e300s", "-1ms", "1e300/s", "0/s", "$1e300",
        "1e-300s", "99999999999d", "0ns", "∞", "unbounded", String(repeating: "x", count: 10_000),
    ]

    init(seed: UInt64) { rng = Xoshiro256StarStar(seed: seed) }

    mutating func below(_ n: Int) -> Int { Int(rng.next() % UInt64(max(n, 1))) }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// The text of one fuzz case made from `document` (a parsed example scenario).
    mutating func mutate(_ document: JSONValue) -> String {
        var tree = document
        for _ in 0..<pick([1, 1, 1, 2, 3]) { tree = mutateOne(tree) }
        tree = Self.cap(tree)
        // Pretty-printing is quadratic in depth, so big trees go on one line.
        let text = Self.count(tree) < 5_000 ? tree.rendered() : tree.renderedInline()
        switch below(20) {
        case 0, 1: return String(text.prefix(below(text.count)))  // a truncated file
        case 2:
            // Nesting far deeper than a tree in this process may hold: built as text.
            let n = pick([1_000, 100_000])
            return #"{"name": "deep", "x": "# + String(repeating: "[", count: n)
                + String(repeating: "]", count: n) + "}"
        default: return text
        }
    }

    /// One mutation at a random place of `tree`.
    mutating func mutateOne(_ tree: JSONValue) -> JSONValue {
        let places = Self.count(tree)
        return rewrite(tree, at: below(places))
    }

    /// The number of values in `value`, itself included.
    static func count(_ value: JSONValue) -> Int {
        switch value.kind {
        case .array(let items): 1 + items.reduce(0) { $0 + count($1) }
        case .object(let members): 1 + members.reduce(0) { $0 + count($1.value) }
        default: 1
        }
    }

    /// `tree` with its `index`-th value (pre-order) replaced.
    mutating func rewrite(_ tree: JSONValue, at index: Int) -> JSONValue {
        var remaining = index
        return rewrite(tree, &remaining, parentMembers: nil)
    }

    private mutating func rewrite(
        _ value: JSONValue, _ remaining: inout Int, parentMembers: [JSONMember]?
    ) -> JSONValue {
        if remaining == 0 {
            remaining = -1
            return replacement(for: value)
        }
        remaining -= 1
        switch value.kind {
        case .array(var items):
            for i in items.indices where remaining >= 0 {
                items[i] = rewrite(items[i], &remaining, parentMembers: nil)
            }
            return JSONValue(kind: .array(items), location: value.location)
        case .object(var members):
            var i = 0
            while i < members.count && remaining >= 0 {
                if remaining == 0 && below(3) == 0 {
                    // Delete or duplicate-under-a-near-name this member instead of replacing it.
                    remaining = -1
                    if below(2) == 0 {
                        members.remove(at: i)
                    } else {
                        var copy = members[i]
                        copy.key += pick(["", "s", "_x"])
                        if copy.key != members[i].key { members.insert(copy, at: i + 1) }
                    }
                    break
                }
                members[i].value = rewrite(members[i].value, &remaining, parentMembers: members)
                i += 1
            }
            return JSONValue(kind: .object(members), location: value.location)
        default:
            return value
        }
    }

    /// What a chosen value becomes.
    private mutating func replacement(for value: JSONValue) -> JSONValue {
        switch below(9) {
        case 0, 1: return .make(.number(pick(Self.edgeNumbers)))
        case 2, 3: return .make(.string(pick(Self.edgeStrings)))
        case 4: return pick([.make(.null), .make(.bool(true)), .make(.array([])), .object([])])
        case 5:
            // A huge array of the value (or of its first element).
            var element = value
            if case .array(let items) = value.kind, let first = items.first { element = first }
            let scalar = Self.count(element) == 1
            return .make(
                .array(Array(repeating: element, count: pick(scalar ? [1_000, 100_000] : [100, 3_000]))))
        case 6:
            // Deep nesting.
            var nested = value
            for _ in 0..<pick([10, 100, 300]) {
                nested = below(2) == 0 ? .make(.array([nested])) : .object([("a", nested)])
            }
            return nested
        case 7:
            // A number scaled far out of its range, as the same kind.
            if case .number(let text) = value.kind {
                return .make(.number(text + pick(["e300", "e-300", "0000"])))
            }
            return .make(.number(pick(Self.edgeNumbers)))
        default:
            // A string with its unit kept and its magnitude blown up.
            if case .string(let s) = value.kind, let first = s.first, first.isNumber {
                return .make(
                    .string(
                        pick(["1e300", "99999999999999999999", "-0", "0"])
                            + s.drop { $0.isNumber || $0 == "." }))
            }
            return .make(.string(pick(Self.edgeStrings)))
        }
    }

    /// Caps the run a case can ask for: at most 100 jobs, 200,000 events and one replication, so
    /// a valid case ends in well under a second in release.
    static func cap(_ tree: JSONValue) -> JSONValue {
        guard case .object = tree.kind else { return tree }
        var result = tree
        if let workload = tree["workload"], case .object = workload.kind {
            if case .number(let text) = workload["jobs"]?.kind, let jobs = Double(text), jobs > 100 {
                result = result.setting("workload", workload.setting("jobs", .make(.number("100"))))
            }
        }
        let run = tree["run"] ?? .object([])
        if case .object = run.kind {
            result = result.setting(
                "run", run.setting("max_events", .make(.number("200000"))).setting("replications", nil))
        }
        return result
    }
}
