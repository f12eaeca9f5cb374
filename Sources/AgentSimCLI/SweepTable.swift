import AgentSim

/// What `sweep` and `merge` print: a row per point with the headline means and half-widths, then
/// the knee, the saturation point and the cheapest feasible point.
enum SweepTable {
    /// The rendered text.
    static func render(_ analysis: SweepAnalysis, slos: [SweepSLO], confidence: Double) -> String {
        let grid = analysis.grid
        let replications = analysis.verdicts.map { $0.figures["throughput_per_s"]?.replications ?? 0 }
        var text = ""
        if (replications.max() ?? 0) >= 2 {
            text += "mean ± half-width of the \(IntervalText.percent(confidence)) Student-t interval over "
            let low = replications.min() ?? 0
            let high = replications.max() ?? 0
            text += (low == high ? "\(low)" : "\(low)–\(high)") + " replications per point:\n"
        }
        var table = TextTable(
            columns: [.init("point")] + grid.paths.map { .init($0, .left) } + [
                .init("throughput/s"), .init("latency mean s"), .init("p99 s"), .init("cost/job $"),
                .init("busiest util"), .init("SLO", .left),
            ])
        for verdict in analysis.verdicts {
            let f = verdict.figures
            table.append(
                [String(verdict.point.index)] + verdict.point.values + [
                    cell(f["throughput_per_s"]), cell(f["latency_mean_s"]), cell(f["latency_p99_s"]),
                    cell(f["cost_per_completed_job_usd"]), cell(f["max_role_utilization"]),
                    slos.isEmpty
                        ? "-" : (verdict.feasible ? "ok" : "fails " + verdict.failed.joined(separator: ", ")),
                ])
        }
        text += table.render()
        text += kneeLines(analysis)
        text += cheapestLine(analysis, slos: slos, confidence: confidence)
        return text
    }

    /// `mean ± half-width`, the mean alone with one replication, `-` without a value.
    static func cell(_ figure: SweepAnalysis.Figure?) -> String {
        guard let figure, let mean = figure.mean else { return "-" }
        let text = TextTable.format(mean, significantDigits: 4)
        guard let high = figure.high else { return text }
        return text + " ± " + TextTable.format(high - mean, significantDigits: 2)
    }

    /// One line per line of the knee axis: its knee and its saturation point.
    static func kneeLines(_ analysis: SweepAnalysis) -> String {
        guard let axis = analysis.kneeAxis else {
            return "no knee: no varied path has numeric values\n"
        }
        let path = analysis.grid.paths[axis]
        var text = ""
        var seen: Set<[String]> = []
        for verdict in analysis.verdicts {
            var key = verdict.point.values
            key.remove(at: axis)
            guard seen.insert(key).inserted else { continue }
            let line = analysis.verdicts.filter {
                var other = $0.point.values
                other.remove(at: axis)
                return other == key
            }
            let context = zip(verdict.point.paths, verdict.point.values).enumerated()
                .filter { $0.offset != axis }.map { "\($0.element.0)=\($0.element.1)" }.joined(separator: " ")
            let prefix = context.isEmpty ? "" : "[\(context)] "
            let percent = Int(SweepKnee.fraction * 100)
            if let knee = line.first(where: { $0.isKnee == true }) {
                text +=
                    "\(prefix)knee: \(path)=\(knee.point.values[axis]) (point \(knee.point.index)): past it each "
                text += "added unit adds < \(percent)% of the best throughput per unit so far\n"
            } else {
                text +=
                    "\(prefix)no knee along \(path): every step adds ≥ \(percent)% of the best throughput per unit\n"
            }
            let threshold = Int(SweepKnee.utilizationThreshold * 100)
            if let saturated = line.first(where: { $0.isSaturated == true }) {
                text += "\(prefix)busiest role passes \(threshold)% utilisation at \(path)="
                text += "\(saturated.point.values[axis]) (point \(saturated.point.index))\n"
            } else {
                text += "\(prefix)busiest role stays at or under \(threshold)% utilisation\n"
            }
        }
        return text
    }

    /// The cheapest feasible point with its interval, or why there is none.
    static func cheapestLine(_ analysis: SweepAnalysis, slos: [SweepSLO], confidence: Double) -> String {
        let feasible = analysis.verdicts.filter(\.feasible).count
        let conditions = slos.map(\.condition).joined(separator: ", ")
        var text =
            slos.isEmpty ? "" : "feasible (\(conditions)): \(feasible) of \(analysis.verdicts.count) points\n"
        guard let index = analysis.cheapest else {
            return text + (slos.isEmpty ? "" : "no point meets every SLO\n" + Self.bottleneckHint(analysis))
        }
        let verdict = analysis.verdicts[index]
        let cost = verdict.figures["cost_per_completed_job_usd"]
        var interval = ""
        if let low = cost?.low, let high = cost?.high {
            interval = " [\(TextTable.format(low, significantDigits: 4)), "
            interval += "\(TextTable.format(high, significantDigits: 4))] \(IntervalText.percent(confidence))"
        }
        text += slos.isEmpty ? "cheapest point" : "cheapest feasible point"
        text += ": \(verdict.point.label) (point \(index)): cost/job $\(cell(cost))\(interval)"
        text += ", throughput/s \(cell(verdict.figures["throughput_per_s"]))\n"
        return text
    }

    /// When no point is feasible and the busiest role is still saturated at the sweep's last point,
    /// says so: the limit is then a role the sweep does not relieve, and varying it is the next step.
    static func bottleneckHint(_ analysis: SweepAnalysis) -> String {
        guard let last = analysis.verdicts.last,
            let busiest = last.figures["max_role_utilization"]?.mean, busiest > 0.9
        else { return "" }
        var text = "why: at the last point (\(last.point.label)) the busiest role still runs at "
        text += "\(TextTable.format(busiest * 100, significantDigits: 3))% utilisation"
        if let coordinator = last.figures["coordinator_utilization"]?.mean, coordinator >= busiest - 0.005 {
            text += "; it is the coordinator (\(TextTable.format(coordinator * 100, significantDigits: 3))%)"
        }
        return text + ": vary that role's count or capacity (the scenario warnings name it)\n"
    }
}
