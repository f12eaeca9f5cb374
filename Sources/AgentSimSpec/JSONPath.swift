/// The JSON path of a value, e.g. `workload.job.steps[1].fanout`: what every error names.
package struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    /// One step of a path.
    package enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The steps from the root; empty for the root itself.
    var components: [Component] = []

    /// The root of the document.
    static let root = JSONPath()

    /// This path followed by `key`.
    func appending(_ key: String) -> JSONPath {
        JSONPath(components: components + [.key(key)])
    }

    /// This path followed by `[index]`.
    func appending(_ index: Int) -> JSONPath {
        JSONPath(components: components + [.index(index)])
    }

    /// The last key of the path, if the path ends in a key.
    var lastKey: String? {
        if case .key(let k) = components.last { return k }
        return nil
    }

    /// Dotted keys and `[i]` indices; keys that are not plain identifiers are written `["key"]`.
    /// Empty for the root (``ScenarioError`` renders that as `(root)`).
    package var description: String {
        var out = ""
        for component in components {
            switch component {
            case .index(let i):
                out += "[\(i)]"
            case .key(let k) where Self.isPlain(k):
                out += out.isEmpty ? k : "." + k
            case .key(let k):
                out += "[\(quoted(k))]"
            }
        }
        return out
    }

    private static func isPlain(_ key: String) -> Bool {
        !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || $0 == "_" || $0 == "-"
            }
    }
}
