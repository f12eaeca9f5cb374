import AgentSim

/// `agentsim calibrate TRACES... [--out SCENARIO.json] [--report] [--check]`.
struct CalibrateCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "calibrate",
            abstract: "Fit a scenario to OpenTelemetry GenAI traces.",
            discussion: """
                Reads OTLP/JSON exports and JSON Lines (one OTLP export or one span per line), plain or \
                gzipped, and writes a scenario with a role per agent and model (gen_ai.agent.name, or \
                that of the nearest invoke_agent ancestor), a role per tool (execute_tool), fitted \
                latency and token distributions, the job's steps and fan-out, Poisson arrivals at the \
                observed rate, and agent counts at the observed concurrency. Each fit chooses the \
                lowest-AIC family among exponential, lognormal and gamma, kept when its \
                Kolmogorov-Smirnov distance is within the 5% critical value, else empirical. \
                With --out, calibration.csv beside the scenario lists every fitted quantity. \
                Warnings (thin data, missing tokens, clock skew, truncated traces) go to standard error.
                """,
            arguments: [
                ArgumentDeclaration(
                    name: "traces", help: "Trace files (OTLP/JSON or JSON Lines, optionally gzipped).",
                    arity: .oneOrMore)
            ],
            options: [
                .single(
                    "out", short: "o", valueName: "scenario.json",
                    help: "Write the scenario here and calibration.csv beside it.", default: "standard output"
                ),
                .single("name", valueName: "name", help: "The scenario's name.", default: "calibrated"),
                .repeating(
                    "price", valueName: "model=in/out",
                    help: "A model's price in USD per million input/output tokens, e.g. gpt-4o=2.5/10."),
                .flag("report", help: "Print the fitted quantities (calibration.csv) as a table."),
                .flag(
                    "check",
                    help:
                        "Simulate the calibrated scenario and print trace vs simulated per role and per job."),
            ]
        )
    }

    var tracePaths: [String]
    var outPath: String?
    var name: String
    var prices: [String: Calibration.Prices] = [:]
    var report: Bool
    var check: Bool

    init(parsed: ParsedValues) throws(UsageError) {
        tracePaths = parsed.argumentValues("traces")
        outPath = try parsed.value("out")
        name = try parsed.value("name") ?? "calibrated"
        report = parsed.flag("report")
        check = parsed.flag("check")
        for text in parsed.values("price") {
            let parts = text.split(separator: "=", maxSplits: 1)
            let amounts = parts.count == 2 ? parts[1].split(separator: "/") : []
            guard parts.count == 2, amounts.count == 2, let input = Double(amounts[0]),
                let output = Double(amounts[1]),
                input >= 0, output >= 0, input.isFinite, output.isFinite
            else {
                throw UsageError(
                    "--price \(text): expected MODEL=IN/OUT in USD per million tokens, e.g. gpt-4o=2.5/10")
            }
            prices[String(parts[0])] = (input, output)
        }
    }

    func run(_ context: inout CommandContext) -> Int32 {
        var set = TraceSet()
        let calibration: Calibration
        do {
            for path in tracePaths { try TraceReader.read(path: path, into: &set) }
            calibration = try Calibrator.calibrate(set)
        } catch {
            context.printError("error: \(error.description)")
            return ExitCode.usage
        }
        for warning in calibration.warnings { context.printError("warning: \(warning)") }
        for model in calibration.unpricedModels(prices) {
            context.printError(
                "warning: no price for model \(model): its cost is 0 (give --price \(model)=IN/OUT)")
        }
        let json = calibration.scenarioJSON(name: name, prices: prices)
        if let outPath {
            let folder = outPath.contains("/") ? String(outPath[...outPath.lastIndex(of: "/")!]) : ""
            do {
                try AtomicFile.write(json, to: outPath)
                try AtomicFile.write(calibration.csv(), to: folder + "calibration.csv")
            } catch {
                context.printError("error: \(error.description)")
                return ExitCode.usage
            }
            context.printError("wrote \(outPath) and \(folder)calibration.csv")
        } else if !report && !check {
            context.out.write(json)
        }
        if report { context.out.write(Self.reportTable(calibration)) }
        if check { return runCheck(calibration, json: json, &context) }
        return ExitCode.success
    }

    private func runCheck(_ calibration: Calibration, json: String, _ context: inout CommandContext) -> Int32
    {
        let scenario: Scenario
        do {
            scenario = try ScenarioLoader.load(
                json: json, file: outPath ?? "<calibrated>", baseDirectory: "."
            ).scenario
        } catch {
            context.printError(
                "error: the calibrated scenario does not load (a calibrate bug): \(error.description)")
            return ExitCode.checkFailed
        }
        let result = context.environment.runReplication(scenario, 0)
        context.print("trace vs simulated (\(calibration.jobs) jobs, seed \(scenario.seed)):")
        context.out.write(CalibrationCheck(calibration: calibration, result: result).table())
        return ExitCode.success
    }

    static func reportTable(_ c: Calibration) -> String {
        var t = TextTable(
            columns: [
                .init("quantity", .left), .init("role", .left), .init("family", .left),
                .init("parameters", .left),
                .init("n"), .init("ks"), .init("ks_5%"), .init("aic"), .init("trace_mean"),
                .init("trace_p95"),
            ])
        let rows = c.csv().split(separator: "\n").dropFirst()
        for line in rows {
            let f = CSVLine.fields(String(line))
            guard f.count == Calibration.csvHeader.count else { continue }
            let numbers = [f[6], f[7], f[8], f[9], f[10]].map { Double($0).map(CalibrationCheck.short) ?? $0 }
            t.append([f[0], f[1], f[3], f[4], f[5]] + numbers)
        }
        return t.render()
    }
}
