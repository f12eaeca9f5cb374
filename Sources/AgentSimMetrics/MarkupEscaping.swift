/// Text made safe for XML and HTML: the one escaper behind the report pages' SVG and HTML
/// (``SVG/escape(_:)``) and the gate's JUnit XML.
///
/// It replaces the five characters XML reserves (`&`, `<`, `>`, `"`, `'`) with entities, so the
/// result is safe in character data and in single- or double-quoted attributes. The apostrophe is
/// the numeric `&#39;`, which both XML and HTML read (HTML 4 has no `&apos;`).
package enum MarkupEscaping {
    /// `text` with `& < > " '` replaced by entities.
    package static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
