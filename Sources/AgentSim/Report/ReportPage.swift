/// A self-contained HTML page: inline CSS and SVG, no script, nothing fetched.
public struct ReportPage: Sendable {
    /// The page's title (also its first heading).
    public var title: String
    /// One line under the title: what the folder holds.
    public var subtitle: String
    /// The sections, in order: a heading, an optional note, then HTML (charts, tables).
    public var sections: [(heading: String, note: String, body: String)] = []

    /// An empty page titled `title`.
    public init(title: String, subtitle: String) {
        self.title = title
        self.subtitle = subtitle
    }

    /// Adds a section.
    public mutating func add(_ heading: String, note: String = "", _ body: String) {
        sections.append((heading, note, body))
    }

    static let css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;background:#f6f7f9;color:#222}
        header{background:#1d2b3a;color:#fff;padding:18px 28px}
        header h1{margin:0;font-size:24px}header p{margin:6px 0 0;color:#cfd8e3;font-size:14px}
        main{max-width:1220px;margin:0 auto;padding:8px 20px 40px}
        section{background:#fff;border:1px solid #dde1e6;border-radius:6px;margin:18px 0;padding:12px 16px}
        h2{font-size:18px;margin:4px 0 6px}p.note{color:#555;font-size:14px;margin:0 0 8px}
        svg.chart{display:block;max-width:100%;height:auto;margin:6px 0}
        table{border-collapse:collapse;font-size:14px;margin:6px 0}
        th,td{border:1px solid #dde1e6;padding:4px 10px;text-align:right}th{background:#eef1f4}
        td.text,th.text{text-align:left}code{font-size:13px;background:#f0f2f5;padding:1px 4px;border-radius:3px}
        .bad{color:#b00000;font-weight:600}
        """

    /// The whole document.
    public var html: String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(SVG.escape(title))</title>\n<style>\n\(Self.css)\n</style>\n</head>\n<body>\n"
        out += "<header><h1>\(SVG.escape(title))</h1><p>\(SVG.escape(subtitle))</p></header>\n<main>\n"
        for s in sections {
            out += "<section>\n<h2>\(SVG.escape(s.heading))</h2>\n"
            if !s.note.isEmpty { out += "<p class=\"note\">\(SVG.escape(s.note))</p>\n" }
            out += s.body + "\n</section>\n"
        }
        return out + "</main>\n</body>\n</html>\n"
    }

    /// An HTML table; cells are escaped, except that a cell starting with `<code>` is kept as is.
    /// The first `textColumns` columns are left-aligned.
    public static func table(
        _ header: [String], _ rows: [[String]], textColumns: Int = 1, badRows: Set<Int> = []
    ) -> String {
        var out = "<table>\n<tr>"
        for (i, h) in header.enumerated() {
            out += "<th\(i < textColumns ? " class=\"text\"" : "")>\(SVG.escape(h))</th>"
        }
        out += "</tr>\n"
        for (r, row) in rows.enumerated() {
            out += badRows.contains(r) ? "<tr class=\"bad\">" : "<tr>"
            for (i, cell) in row.enumerated() {
                let content = cell.hasPrefix("<code>") ? cell : SVG.escape(cell)
                out += "<td\(i < textColumns ? " class=\"text\"" : "")>\(content)</td>"
            }
            out += "</tr>\n"
        }
        return out + "</table>"
    }
}
