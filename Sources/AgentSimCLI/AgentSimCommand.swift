import AgentSim

/// The `agentsim` command-line tool.
public enum AgentSimCommand {
    /// Parses the process arguments, runs the command, and exits with its status.
    public static func main() { fatalError("TODO(helper-cli)") }
}
