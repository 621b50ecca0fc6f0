/// `/proc/loadavg`: `"1.29 0.89 0.43 8/164 2138"` — load over 1, 5 and 15 minutes, runnable/total
/// scheduling entities (threads), last PID.
public struct Loadavg: Sendable, Hashable {
    public var one: Double
    public var five: Double
    public var fifteen: Double
    /// Threads runnable now.
    public var runnable: Int
    /// Threads in the system.
    public var threads: Int

    public init(one: Double, five: Double, fifteen: Double, runnable: Int, threads: Int) {
        self.one = one
        self.five = five
        self.fifteen = fifteen
        self.runnable = runnable
        self.threads = threads
    }

    /// Parses the text; nil when it is not in the expected form.
    public static func parse(_ text: String) -> Loadavg? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count >= 4, let one = Double(fields[0]), let five = Double(fields[1]), let fifteen = Double(fields[2]),
              one.isFinite, five.isFinite, fifteen.isFinite else { return nil }
        let counts = fields[3].split(separator: "/")
        guard counts.count == 2, let runnable = Int(counts[0]), let threads = Int(counts[1]) else { return nil }
        return Loadavg(one: one, five: five, fifteen: fifteen, runnable: runnable, threads: threads)
    }
}
