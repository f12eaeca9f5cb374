import AgentSim

print("benchmark,size,ops,wall_s,ops_per_s")
