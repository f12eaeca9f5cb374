import AgentSimKernel
import AgentSimPolicies
import AgentSimSpec

/// The providers' rate limits and the client-side pacers in front of them, one of the parts
/// ``CoordinationContext`` owns (ARCHITECTURE.md §2).
///
/// For each model there is the shared client-side pacer, if the scenario puts one there, and
/// otherwise HTB-style trees of request and token buckets: the model's limit at the root, and a
/// role's own limit as a child that may borrow. For each agent there are the nodes its calls take
/// from. Only work calls are limited. Coordination calls are neither refused nor charged, a
/// documented simplification.
struct RateLimits {
    /// The decision on one call.
    enum Verdict {
        /// The call may go after being held this long (zero without a pacer).
        case admitted(held: SimDuration)
        /// The provider refuses it with a 429 and this retry-after
        /// (``TokenBucket/unavailable``: the limit can never admit it).
        case refused(retryAfter: SimDuration)
    }

    /// Per model: the client-side pacer.
    private var pacers: [ClientPacer?]
    /// Per model: the request-bucket tree and the token-bucket tree.
    private var requestTrees: [TokenBucketTree?]
    private var tokenTrees: [TokenBucketTree?]
    /// Per agent: the nodes of those trees that its calls take from.
    private let requestNode: [Int?]
    private let tokenNode: [Int?]

    /// The limits of `scenario`'s models and roles.
    init(_ scenario: Scenario) {
        (requestTrees, tokenTrees, requestNode, tokenNode) = Self.trees(scenario)
        pacers = scenario.models.map { model in
            guard let limit = model.rateLimit, limit.clientBucket else { return nil }
            return ClientPacer(
                requestsPerMinute: limit.requestsPerMinute.map { Int64(max(1, $0.rounded())) },
                tokensPerMinute: limit.tokensPerMinute.map { Int64(max(1, $0.rounded())) })
        }
    }

    /// Decides on a work call of `agent` to model `m` of `tokens` tokens at time `t`, and charges
    /// the buckets when it is admitted. A pacer holds the call until the provider will take it. A
    /// call that the trees admit is charged to both of them (HTB charges the node and every
    /// ancestor). Otherwise it is refused with the longer of the two waits.
    mutating func admit(model m: Int, agent: Int, tokens: Int64, at t: SimTime) -> Verdict {
        if pacers[m] != nil { return .admitted(held: pacers[m]!.reserve(tokens: tokens, at: t)) }
        let request = requestNode[agent]
        let token = tokenNode[agent]
        guard request != nil || token != nil else { return .admitted(held: .zero) }
        var retryAfter = SimDuration.zero
        if let n = request {
            retryAfter = max(retryAfter, requestTrees[m]!.timeUntilAvailable(1, from: n, at: t))
        }
        if let n = token {
            retryAfter = max(retryAfter, tokenTrees[m]!.timeUntilAvailable(Int(tokens), from: n, at: t))
        }
        guard retryAfter == .zero else { return .refused(retryAfter: retryAfter) }
        if let n = request { _ = requestTrees[m]!.tryTake(1, from: n, at: t) }
        if let n = token { _ = tokenTrees[m]!.tryTake(Int(tokens), from: n, at: t) }
        return .admitted(held: .zero)
    }

    /// The rate-limit trees of every model: its own limit (if any) at the root of a request tree and
    /// a token tree; each role with its own limit as a child node (borrowing or not), or one node per
    /// agent with `per_agent`. The nodes come back per agent; an agent without a limit of its role's
    /// takes from the root.
    private static func trees(
        _ scenario: Scenario
    ) -> ([TokenBucketTree?], [TokenBucketTree?], [Int?], [Int?]) {
        func bucket(_ perMinute: Double?) -> TokenBucket? {
            perMinute.map {
                let r = Int64(max(1, $0.rounded()))
                return TokenBucket.perMinute(r, depth: r)
            }
        }
        var requestTrees: [TokenBucketTree?] = Array(repeating: nil, count: scenario.models.count)
        var tokenTrees = requestTrees
        var requestRoot: [Int?] = Array(repeating: nil, count: scenario.models.count)
        var tokenRoot = requestRoot
        for (m, model) in scenario.models.enumerated() {
            guard let limit = model.rateLimit, !limit.clientBucket else { continue }
            if let b = bucket(limit.requestsPerMinute) {
                var tree = TokenBucketTree()
                requestRoot[m] = tree.add(b)
                requestTrees[m] = tree
            }
            if let b = bucket(limit.tokensPerMinute) {
                var tree = TokenBucketTree()
                tokenRoot[m] = tree.add(b)
                tokenTrees[m] = tree
            }
        }
        var requestNode: [Int?] = []
        var tokenNode: [Int?] = []
        for role in scenario.agents {
            let m = role.model.flatMap { name in scenario.models.firstIndex { $0.name == name } }
            var shared: (request: Int?, token: Int?)?
            for _ in 0..<role.count {
                guard let m else {
                    requestNode.append(nil)
                    tokenNode.append(nil)
                    continue
                }
                var nodes: (request: Int?, token: Int?) = (requestRoot[m], tokenRoot[m])
                if let own = role.rateLimit {
                    if let made = shared, !own.perAgent {
                        nodes = made  // one bucket for the whole role
                    } else {
                        if let b = bucket(own.requestsPerMinute) {
                            if requestTrees[m] == nil { requestTrees[m] = TokenBucketTree() }
                            nodes.request = requestTrees[m]!.add(
                                b, parent: requestRoot[m], borrows: own.borrow)
                        }
                        if let b = bucket(own.tokensPerMinute) {
                            if tokenTrees[m] == nil { tokenTrees[m] = TokenBucketTree() }
                            nodes.token = tokenTrees[m]!.add(b, parent: tokenRoot[m], borrows: own.borrow)
                        }
                        shared = nodes
                    }
                }
                requestNode.append(nodes.request)
                tokenNode.append(nodes.token)
            }
        }
        return (requestTrees, tokenTrees, requestNode, tokenNode)
    }
}
