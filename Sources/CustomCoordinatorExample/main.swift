import AgentSimCLI

// The whole agentsim tool (run, compare, chaos, check, validate) for the watchdog scheduler: scenario
// files name it as "pattern": { "type": "watchdog", "dispatcher": "..." } (WatchdogPattern.swift).
AgentSimCommand.main(registering: [WatchdogPattern.self])
