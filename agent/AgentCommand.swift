@main
struct AgentCommand {
    static func main() {}
}
