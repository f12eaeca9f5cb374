/// Suggestions for misspelt keys and names: "did you mean ...?".
public enum ClosestKey {
    /// The candidate nearest to `word` by edit distance (ignoring case), if it is near enough to be
    /// a plausible typo: at most 2 edits (up to a third of the word's length for long words), and
    /// fewer edits than the word has characters.
    ///
    /// - Complexity: O(n · m) per candidate, for words of lengths n and m.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let lowered = Array(word.lowercased().unicodeScalars)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, Array(candidate.lowercased().unicodeScalars))
            if distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        // Replacing every character of a short word is no typo: something must be left in common.
        let plausible = best.distance < lowered.count && best.distance <= max(2, lowered.count / 3)
        return plausible ? best.candidate : nil
    }

    /// The Levenshtein distance: insertions, deletions and substitutions, each costing 1.
    public static func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// A message tail: `; did you mean "x"?` when there is a close candidate, else empty.
    public static func didYouMean(_ word: String, among candidates: [String]) -> String {
        guard let suggestion = suggestion(for: word, among: candidates) else { return "" }
        return "; did you mean \(quoted(suggestion))?"
    }

    /// The candidates as an `allowed` list: `a, b, c`.
    public static func list(_ candidates: [String]) -> String {
        candidates.joined(separator: ", ")
    }
}
