import Foundation
import IILogsAgent

/// The real `iilogs-collector` executable as a child of the soak, on loopback ports chosen by the kernel,
/// so its peak resident memory (`VmHWM`) is its own and not the soak's.
struct SoakCollectorProcess {
    let process: ChildProcess
    let agentHost: String
    let agentPort: Int
    let httpURL: String

    /// Starts `executable` on a data folder in `folder` and waits (bounded) for its `listening` line.
    static func start(executable: String, folder: String, startTimeout: Duration = .seconds(30)) async throws -> SoakCollectorProcess {
        let output = folder + "/collector.out"
        let process = try ChildProcess(path: executable, arguments: ["--data", folder + "/collector", "--listen", "127.0.0.1:0",
                                                                     "--http", "127.0.0.1:0"],
                                       outputPath: output)
        let deadline = ContinuousClock.now + startTimeout
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("listening agents=") }) {
                var agents = "", http = ""
                for word in line.split(separator: " ") {
                    if word.hasPrefix("agents=") { agents = String(word.dropFirst(7)) }
                    if word.hasPrefix("http=") { http = String(word.dropFirst(5)) }
                }
                guard let colon = agents.lastIndex(of: ":"), let port = Int(agents[agents.index(after: colon)...]), !http.isEmpty else {
                    await process.stop()
                    throw SoakRun.Failure(description: "cannot read the collector's addresses from: \(line)")
                }
                return SoakCollectorProcess(process: process, agentHost: String(agents[..<colon]), agentPort: port, httpURL: "http://\(http)")
            }
            guard process.isRunning else {
                throw SoakRun.Failure(description: "iilogs-collector exited at start: \(text.suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await process.stop()
        throw SoakRun.Failure(description: "iilogs-collector did not print its listening line within \(startTimeout)")
    }

    /// `VmHWM` (peak resident set) and `VmRSS` of the collector process, in bytes.
    func memory() -> (peak: UInt64, current: UInt64)? {
        guard let text = ProcReader().text("/proc/\(process.pid)/status") else { return nil }
        let values = Meminfo.parse(text).values
        guard let peak = values["VmHWM"], let current = values["VmRSS"] else { return nil }
        return (peak, current)
    }
}
