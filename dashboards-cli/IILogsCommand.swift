@main
struct IILogsCommand {
    static func main() {}
}
