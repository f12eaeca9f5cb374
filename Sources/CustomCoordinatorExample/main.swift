import AgentSimCLI

// The whole agentsim tool (run, compare, chaos, check, validate) for the watchdog scheduler: scenario
// files name it as "pattern": { "type": "watchdog", "dispatcher": "..." } (WatchdogPattern.swift); and
// the direct scheduler, "pattern": { "type": "direct" } (DirectScheduler.swift).
AgentSimCommand.main(registering: [WatchdogPattern.self, DirectPattern.self])
