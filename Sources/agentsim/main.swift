import AgentSimCLI

AgentSimCommand.main()
