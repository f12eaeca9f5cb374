// The library users import is `AgentSim`: it re-exports the public API of the layers below the model,
// which are separate targets so that the compiler enforces their order (ARCHITECTURE.md §1). A user's
// `import AgentSim` sees `SimTime`, `Distribution`, `Scenario`, `CircuitBreaker`, ... as before.

@_exported import AgentSimCompression
@_exported import AgentSimDistributions
@_exported import AgentSimKernel
@_exported import AgentSimMetrics
@_exported import AgentSimPolicies
@_exported import AgentSimRandom
@_exported import AgentSimSpec
