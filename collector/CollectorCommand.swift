@main
struct CollectorCommand {
    static func main() {}
}
