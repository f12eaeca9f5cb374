/// Help and usage text, generated from ``CommandConfiguration`` declarations.
enum HelpFormatter {
    /// Where descriptions start in the ARGUMENTS, OPTIONS and SUBCOMMANDS lists.
    static let labelWidth = 26
    /// Descriptions wrap to this many columns.
    static let lineWidth = 80

    /// `agentsim run <scenario> [--seed <n>] ...` for the command at the end of `path`.
    static func usage(_ path: [any ParsableCommand.Type]) -> String {
        let configuration = path.last!.configuration
        var parts = [path.map { $0.configuration.name }.joined(separator: " ")]
        if !configuration.subcommands.isEmpty { parts.append("<subcommand>") }
        parts += configuration.arguments.map(\.synopsis)
        parts += configuration.options.map { "[\($0.synopsis)]" }
        return parts.joined(separator: " ")
    }

    /// The full `--help` text of the command at the end of `path`.
    static func help(_ path: [any ParsableCommand.Type]) -> String {
        let configuration = path.last!.configuration
        var text = "OVERVIEW: \(configuration.abstract)\n\n"
        if !configuration.discussion.isEmpty { text += wrap(configuration.discussion, indent: 0) + "\n\n" }
        text += "USAGE: \(usage(path))\n"

        if !configuration.arguments.isEmpty {
            text += "\nARGUMENTS:\n"
            for argument in configuration.arguments { text += entry("<\(argument.name)>", argument.help) }
        }

        text += "\nOPTIONS:\n"
        for option in configuration.options {
            var label = option.shortName.map { "-\($0), " } ?? ""
            label += option.kind == .flag ? "--\(option.name)" : "--\(option.name) <\(option.valueName)>"
            var description = option.help
            if option.kind == .repeating { description += " Can be repeated." }
            if let value = option.defaultDescription { description += " (default: \(value))" }
            text += entry(label, description)
        }
        text += entry("-h, --help", "Show help information.")

        if !configuration.subcommands.isEmpty {
            text += "\nSUBCOMMANDS:\n"
            for subcommand in configuration.subcommands {
                text += entry(subcommand.configuration.name, subcommand.configuration.abstract)
            }
            let name = path.map { $0.configuration.name }.joined(separator: " ")
            text += "\n  See '\(name) help <subcommand>' for detailed help.\n"
        }
        return text
    }

    /// The lines shown after a usage error.
    static func usageHint(_ path: [any ParsableCommand.Type]) -> String {
        let name = path.map { $0.configuration.name }.joined(separator: " ")
        return "Usage: \(usage(path))\n  See '\(name) --help' for more information."
    }

    /// One list entry: the label, then the description aligned and wrapped.
    private static func entry(_ label: String, _ description: String) -> String {
        let lead = "  " + label
        let body = wrap(description, indent: labelWidth)
        if lead.count < labelWidth {
            return lead + String(repeating: " ", count: labelWidth - lead.count)
                + body.dropFirst(labelWidth) + "\n"
        }
        return lead + "\n" + body + "\n"
    }

    /// `text` word-wrapped to ``lineWidth`` with every line indented by `indent` spaces; paragraphs
    /// (separated by blank lines) are kept.
    static func wrap(_ text: String, indent: Int) -> String {
        let margin = String(repeating: " ", count: indent)
        let paragraphs = text.split(separator: "\n\n", omittingEmptySubsequences: false)
        return paragraphs.map { paragraph in
            var lines: [String] = []
            var line = ""
            for word in paragraph.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
                if !line.isEmpty, indent + line.count + 1 + word.count > lineWidth {
                    lines.append(margin + line)
                    line = ""
                }
                line += line.isEmpty ? String(word) : " " + word
            }
            lines.append(margin + line)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n\n")
    }
}
