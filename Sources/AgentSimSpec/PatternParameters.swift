import AgentSimDistributions
import AgentSimKernel

/// What a pattern parameter measures in a scenario file, which decides how it is read and checked.
public enum ParameterKind: Sendable, Hashable {
    /// `true` or `false`.
    case bool
    /// A whole number ≥ `minimum`.
    case count(minimum: Int)
    /// A finite number ≥ `minimum`.
    case number(minimum: Double)
    /// A number from 0 to 1.
    case probability
    /// A duration (`"250ms"` or seconds).
    case duration
    /// The name of a role under `agents` (checked to exist).
    case role
    /// An array of role names (each checked to exist).
    case roles
    /// One of the listed words.
    case choice([String])
    /// A distribution of durations (stored in seconds).
    case durationDistribution
    /// A distribution of counts (tokens, fan-outs).
    case countDistribution
    /// The size of a coordination LLM call, `{ "tokens_in": ..., "tokens_out": ... }`, or `null` for none.
    case callSize
    /// Any string.
    case string
    /// Step names (or `"*"` for every other step) mapped to nested pattern objects
    /// `{ "type": ..., ... }`: how a hybrid composes patterns by job stage.
    case stages
}

/// A decoded pattern parameter.
public enum ParameterValue: Sendable, Hashable {
    case bool(Bool)
    case int(Int)
    case number(Double)
    case duration(SimDuration)
    case string(String)
    case strings([String])
    case distribution(Distribution)
    case callSize(CallSpec?)
    case stages([StageAssignment])
}

/// One stage of a hybrid: the steps it covers and the pattern that coordinates them.
public struct StageAssignment: Sendable, Hashable {
    /// Step names, or `["*"]` for every step no other stage names.
    public var steps: [String]
    /// The pattern of the stage.
    public var pattern: PatternSpec
    /// Creates a stage.
    public init(steps: [String], pattern: PatternSpec) {
        self.steps = steps
        self.pattern = pattern
    }
}

/// One parameter a pattern declares: the scenario layer decodes and checks it from this alone.
public struct ParameterDeclaration: Sendable {
    /// The JSON key under `pattern`.
    public var name: String
    /// What it measures.
    public var kind: ParameterKind
    /// The value when the scenario leaves it out; `nil`: the scenario must give it.
    public var defaultValue: ParameterValue?
    /// One line for documentation and error messages.
    public var help: String

    /// Declares a parameter.
    public init(_ name: String, _ kind: ParameterKind, default defaultValue: ParameterValue?, help: String) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.help = help
    }
}

/// The decoded parameters of a pattern: every declared parameter has a value (given or default).
public struct PatternParameters: Sendable, Hashable {
    /// Values by parameter name.
    public var values: [String: ParameterValue]

    /// Creates a parameter set.
    public init(_ values: [String: ParameterValue] = [:]) { self.values = values }

    /// Fills in the defaults of `declarations` that `values` lacks.
    public func completed(with declarations: [ParameterDeclaration]) -> PatternParameters {
        var filled = self
        for declaration in declarations where filled.values[declaration.name] == nil {
            if let value = declaration.defaultValue { filled.values[declaration.name] = value }
        }
        return filled
    }

    /// The boolean `name` (false when absent).
    public func bool(_ name: String) -> Bool {
        if case .bool(let b) = values[name] { return b }
        return false
    }

    /// The whole number `name` (0 when absent).
    public func int(_ name: String) -> Int {
        if case .int(let i) = values[name] { return i }
        return 0
    }

    /// The number `name` (0 when absent; whole numbers read as numbers).
    public func number(_ name: String) -> Double {
        switch values[name] {
        case .number(let x): return x
        case .int(let i): return Double(i)
        default: return 0
        }
    }

    /// The duration `name` (zero when absent).
    public func duration(_ name: String) -> SimDuration {
        if case .duration(let d) = values[name] { return d }
        return .zero
    }

    /// The string `name` (empty when absent).
    public func string(_ name: String) -> String {
        if case .string(let s) = values[name] { return s }
        return ""
    }

    /// The string list `name` (empty when absent).
    public func strings(_ name: String) -> [String] {
        if case .strings(let s) = values[name] { return s }
        return []
    }

    /// The distribution `name` (constant 0 when absent).
    public func distribution(_ name: String) -> Distribution {
        if case .distribution(let d) = values[name] { return d }
        return .constant(0)
    }

    /// The stages `name` (empty when absent).
    public func stages(_ name: String) -> [StageAssignment] {
        if case .stages(let s) = values[name] { return s }
        return []
    }

    /// The call size `name` (`nil`: no call).
    public func callSize(_ name: String) -> CallSpec? {
        if case .callSize(let c) = values[name] { return c }
        return nil
    }
}
