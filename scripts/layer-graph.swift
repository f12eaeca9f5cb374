// Measures the dependency graph between the top-level folders of Sources/AgentSim and prints its cycles.
//
// Usage: swift scripts/layer-graph.swift [SOURCES_DIR] [--detail] [--edges FROM TO] [--check [--allowed FILE]]
//   SOURCES_DIR defaults to Sources/AgentSim; --detail lists, per edge, the names that create it;
//   --edges FROM TO lists the names that make folder FROM use folder TO, each with the files using it;
//   --check fails (exit 1, naming it) on any edge inside a cycle that the allow-list FILE (default
//   scripts/layer-allowed-edges.txt: one `From -> To` a line, `#` comments) does not name, and exits 0
//   otherwise (an allowed edge that is gone is reported, so the list can shrink); without --check the
//   exit status is 1 whenever there is a cycle.
//
// How it works (and its limits, see ARCHITECTURE.md §2):
// - Comments and string literals are stripped (interpolations are kept: they are code); brace
//   depth is tracked on what is left.
// - A folder *declares* every type (struct, class, enum, protocol, actor, typealias) at file scope.
// - A folder *uses* folder G when one of its files contains, as an identifier, a type name declared in G
//   (this includes `extension T` of a type declared in G, and conformances to G's protocols).
// - Member edges: a method or property declared in an extension in folder F of a type declared elsewhere,
//   whose name is declared exactly once in the whole package, creates an edge H -> F for every other
//   folder H that uses that name. Such members are how one folder can call into another
//   without naming any of its types.
// Not seen: names that collide (a member name declared twice is ignored), nested type names used bare,
// uses through type inference only (a value whose type is never written), and anything in macros.
// An edge is a true use of a name, not a proof that the folder would fail to compile without the other:
// a false positive needs a same-named identifier that is not the type, which the unique-name rule makes
// rare for types (they are capitalised and unique per package).
import Foundation

/// Removes comments and string-literal contents, keeping newlines, so braces and identifiers are code only.
func strip(_ source: String) -> String {
    let chars = Array(source.unicodeScalars)
    var out = String.UnicodeScalarView()
    var index = 0
    var blockDepth = 0
    func at(_ offset: Int) -> Unicode.Scalar? {
        index + offset < chars.count ? chars[index + offset] : nil
    }
    while index < chars.count {
        let char = chars[index]
        if blockDepth > 0 {
            if char == "*" && at(1) == "/" {
                blockDepth -= 1
                index += 2
            } else if char == "/" && at(1) == "*" {
                blockDepth += 1
                index += 2
            } else {
                if char == "\n" { out.append(char) }
                index += 1
            }
            continue
        }
        if char == "/" && at(1) == "/" {
            while index < chars.count && chars[index] != "\n" { index += 1 }
            continue
        }
        if char == "/" && at(1) == "*" {
            blockDepth = 1
            index += 2
            continue
        }
        if char == "\"" {
            let triple = at(1) == "\"" && at(2) == "\""
            index += triple ? 3 : 1
            while index < chars.count {
                if chars[index] == "\\" && at(1) == "(" {
                    // An interpolation is code: keep it, so the names it uses count.
                    index += 2
                    var parens = 1
                    out.append(" ")
                    while index < chars.count {
                        let c = chars[index]
                        if c == "(" { parens += 1 }
                        if c == ")" {
                            parens -= 1
                            if parens == 0 {
                                index += 1
                                break
                            }
                        }
                        if c == "\"" {  // a string inside the interpolation: skipped
                            index += 1
                            while index < chars.count && chars[index] != "\"" {
                                index += chars[index] == "\\" ? 2 : 1
                            }
                            index += 1
                            continue
                        }
                        out.append(c)
                        index += 1
                    }
                    out.append(" ")
                    continue
                }
                if chars[index] == "\\" {
                    index += 2
                    continue
                }
                if chars[index] == "\n" { out.append("\n") }
                if triple {
                    if chars[index] == "\"" && at(1) == "\"" && at(2) == "\"" {
                        index += 3
                        break
                    }
                } else if chars[index] == "\"" {
                    index += 1
                    break
                }
                index += 1
            }
            out.append(" ")
            continue
        }
        out.append(char)
        index += 1
    }
    return String(out)
}

/// The identifiers of a stripped source, in order, each with the brace depth it appears at.
func tokens(_ code: String) -> [(word: String, depth: Int, afterDot: Bool)] {
    var result: [(String, Int, Bool)] = []
    var depth = 0
    var current = ""
    var previous: Character = " "
    var startPrevious: Character = " "
    for char in code + " " {
        if char.isLetter || char == "_" || (char.isNumber && !current.isEmpty) {
            if current.isEmpty { startPrevious = previous }
            current.append(char)
        } else {
            if !current.isEmpty {
                result.append((current, depth, startPrevious == "."))
                current = ""
            }
            if char == "{" { depth += 1 }
            if char == "}" { depth -= 1 }
        }
        if !char.isWhitespace { previous = char }
    }
    return result
}

/// The command line: a sources folder and the flags of the usage line above.
struct Options {
    var root = "Sources/AgentSim"
    var detail = false
    var edgePair: (from: String, to: String)?
    var allowList: String?

    init(_ arguments: [String]) {
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--detail": detail = true
            case "--edges":
                guard let from = rest.popFirst(), let to = rest.popFirst() else { Options.usage() }
                edgePair = (from, to)
            case "--check": allowList = allowList ?? "scripts/layer-allowed-edges.txt"
            case "--allowed":
                guard let file = rest.popFirst() else { Options.usage() }
                allowList = file
            default:
                if argument.hasPrefix("--") { Options.usage() }
                root = argument
            }
        }
    }

    static func usage() -> Never {
        let line =
            "usage: swift scripts/layer-graph.swift [SOURCES_DIR] [--detail] [--edges FROM TO]"
            + " [--check [--allowed FILE]]\n"
        FileHandle.standardError.write(Data(line.utf8))
        exit(2)
    }
}

let options = Options(Array(CommandLine.arguments.dropFirst()))
let detail = options.detail
let root = options.root
let fileManager = FileManager.default
guard let folders = try? fileManager.contentsOfDirectory(atPath: root) else {
    FileHandle.standardError.write(Data("layer-graph: cannot read \(root)\n".utf8))
    exit(2)
}
var files: [(folder: String, name: String, tokens: [(word: String, depth: Int, afterDot: Bool)])] = []
for folder in folders.sorted() {
    var isDirectory: ObjCBool = false
    let path = root + "/" + folder
    guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
        let enumerator = fileManager.enumerator(atPath: path)
    else { continue }
    for case let name as String in enumerator where name.hasSuffix(".swift") {
        guard let text = try? String(contentsOfFile: path + "/" + name, encoding: .utf8) else { continue }
        files.append((folder, folder + "/" + name, tokens(strip(text))))
    }
}
let folderNames = Array(Set(files.map(\.folder))).sorted()

// Declarations: file-scope types per folder; extension members per folder; every declared member name.
let typeKeywords: Set = ["struct", "class", "enum", "protocol", "actor", "typealias"]
let memberKeywords: Set = ["func", "var", "let", "case"]
var typeHome: [String: String] = [:]
var duplicateTypes: Set<String> = []
var memberDeclarations: [String: Int] = [:]
for file in files {
    for (offset, token) in file.tokens.enumerated().dropLast() {
        let next = file.tokens[offset + 1]
        if typeKeywords.contains(token.word) && token.depth == 0 && !token.afterDot {
            if let home = typeHome[next.word], home != file.folder { duplicateTypes.insert(next.word) }
            typeHome[next.word] = file.folder
        }
        if memberKeywords.contains(token.word) && !token.afterDot {
            memberDeclarations[next.word, default: 0] += 1
        }
    }
}
for name in duplicateTypes { typeHome[name] = nil }
var memberHome: [String: String] = [:]
for file in files {
    var extendedHome: String?
    for (offset, token) in file.tokens.enumerated().dropLast() {
        let next = file.tokens[offset + 1]
        if token.depth == 0 && token.word == "extension" { extendedHome = typeHome[next.word] }
        if token.depth == 0 && typeKeywords.contains(token.word) { extendedHome = nil }
        guard let home = extendedHome, home != file.folder, token.depth == 1,
            token.word == "func" || token.word == "var", memberDeclarations[next.word] == 1
        else { continue }
        memberHome[next.word] = file.folder
    }
}

// Uses.
var edges: [String: [String: Set<String>]] = [:]
var users: [String: Set<String>] = [:]  // "FROM TO NAME" -> the files of FROM that use NAME
for file in files {
    for token in file.tokens {
        var found: (home: String, name: String)?
        if let home = typeHome[token.word], home != file.folder {
            found = (home, token.word)
        } else if let home = memberHome[token.word], home != file.folder, token.depth > 0 {
            found = (home, "." + token.word)
        }
        guard let (home, name) = found else { continue }
        edges[file.folder, default: [:]][home, default: []].insert(name)
        users["\(file.folder) \(home) \(name)", default: []].insert(file.name)
    }
}

if let (from, to) = options.edgePair {
    let names = (edges[from] ?? [:])[to] ?? []
    print("\(from) -> \(to): \(names.count) names")
    for name in names.sorted() {
        let usedIn = (users["\(from) \(to) \(name)"] ?? []).sorted().joined(separator: " ")
        print("  \(name): \(usedIn)")
    }
    exit(0)
}

print("layer graph of \(root): \(folderNames.count) folders, \(files.count) files")
print("folder -> folders whose names it uses (count of distinct names)")
for folder in folderNames {
    let targets = (edges[folder] ?? [:]).sorted { $0.key < $1.key }
    let list = targets.map { "\($0.key)(\($0.value.count))" }.joined(separator: " ")
    print("  \(folder) -> \(list.isEmpty ? "(nothing)" : list)")
    if detail {
        for (target, names) in targets {
            print("      \(target): \(names.sorted().joined(separator: " "))")
        }
    }
}

// Strongly connected components (Tarjan): every component of more than one folder is a cycle.
var indexOf: [String: Int] = [:]
var lowLink: [String: Int] = [:]
var stack: [String] = []
var onStack: Set<String> = []
var components: [[String]] = []
var counter = 0
func connect(_ node: String) {
    indexOf[node] = counter
    lowLink[node] = counter
    counter += 1
    stack.append(node)
    onStack.insert(node)
    for next in (edges[node] ?? [:]).keys.sorted() {
        if indexOf[next] == nil {
            connect(next)
            lowLink[node] = min(lowLink[node]!, lowLink[next]!)
        } else if onStack.contains(next) {
            lowLink[node] = min(lowLink[node]!, indexOf[next]!)
        }
    }
    if lowLink[node] == indexOf[node] {
        var component: [String] = []
        while let top = stack.popLast() {
            onStack.remove(top)
            component.append(top)
            if top == node { break }
        }
        components.append(component.sorted())
    }
}
for folder in folderNames where indexOf[folder] == nil { connect(folder) }
let cycles = components.filter { $0.count > 1 }.sorted { $0.count > $1.count }
print("cycles (strongly connected components of more than one folder): \(cycles.count)")
for cycle in cycles {
    print("  \(cycle.count) folders: \(cycle.joined(separator: " "))")
    let inside = Set(cycle)
    let internalEdges = cycle.flatMap { from in
        (edges[from] ?? [:]).keys.filter { inside.contains($0) }.sorted().map { "\(from)->\($0)" }
    }
    print("    \(internalEdges.count) edges inside: \(internalEdges.joined(separator: " "))")
}
let acyclic = components.filter { $0.count == 1 }.flatMap { $0 }.sorted()
print("outside any cycle: \(acyclic.joined(separator: " "))")
guard let allowPath = options.allowList else { exit(cycles.isEmpty ? 0 : 1) }

// --check: every edge inside a cycle must be on the allow-list (the edges of the cycle as measured when
// the list was written), so a new upward dependency fails here instead of tangling the layers further.
guard let allowText = try? String(contentsOfFile: allowPath, encoding: .utf8) else {
    FileHandle.standardError.write(Data("layer-graph: cannot read the allow-list \(allowPath)\n".utf8))
    exit(2)
}
var allowed: Set<String> = []
for (number, rawLine) in allowText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
    let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
    let parts = line.split(separator: " ", omittingEmptySubsequences: true)
    if parts.isEmpty { continue }
    guard parts.count == 3, parts[1] == "->" else {
        let message = "\(allowPath):\(number + 1): expected `From -> To`, got `\(rawLine)`\n"
        FileHandle.standardError.write(Data(message.utf8))
        exit(2)
    }
    allowed.insert("\(parts[0])->\(parts[2])")
}
var inCycles: Set<String> = []
for cycle in cycles {
    let inside = Set(cycle)
    for from in cycle {
        for to in (edges[from] ?? [:]).keys where inside.contains(to) { inCycles.insert("\(from)->\(to)") }
    }
}
let added = inCycles.subtracting(allowed).sorted()
let allowedFolders = Set(allowed.flatMap { $0.components(separatedBy: "->") })
let joined = Set(cycles.joined()).subtracting(allowedFolders).sorted()
if !joined.isEmpty {
    print("layer check: \(joined.joined(separator: " ")) joined a cycle: one of its edges below points up")
}
for edge in added {
    let pair = edge.components(separatedBy: "->")
    let names = ((edges[pair[0]] ?? [:])[pair[1]] ?? []).sorted().joined(separator: " ")
    print("layer check: new edge inside a cycle: \(pair[0]) -> \(pair[1]) (names: \(names))")
    print("  see: swift scripts/layer-graph.swift --edges \(pair[0]) \(pair[1]) (ARCHITECTURE.md §6)")
}
for edge in allowed.subtracting(inCycles).sorted() {
    let shown = edge.replacingOccurrences(of: "->", with: " -> ")
    print("layer check: \(shown) is no longer inside a cycle: delete it from \(allowPath)")
}
print("layer check: \(inCycles.count) edges inside cycles, \(added.count) not allowed (\(allowPath))")
exit(added.isEmpty ? 0 : 1)
