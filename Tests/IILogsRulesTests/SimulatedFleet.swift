import IILogsCore
import IILogsRules

/// A seeded fleet of healthy-looking instances: boot, ready, heartbeats, web and app lines with a small
/// error share, benign kernel and systemd lines, and the key metrics, fed through a harness.
struct SimulatedFleet {
    var instances: Int
    var image: String
    var minutes: Int
    /// Probability that an app line is an error.
    var errorShare: Double
    var seed: UInt64
    var idPrefix = "i-0"

    func run(_ h: RuleEngineHarness) {
        var random = SeededRandom(seed: seed)
        let fleet = (0..<instances).map { RuleEngineHarness.identity("\(idPrefix)\(image)-\($0)", image) }
        for (n, i) in fleet.enumerated() {
            h.event(i, at: Double(n) * 0.1, .boot, bootID: "b-\(n)", detail: "uptime 4s")
            h.event(i, at: 20 + Double(n) * 0.1, .ready)
        }
        let benignKernel = ["eth0: Link is Up - 10Gbps/Full - flow control off", "nvme nvme0: 2/0/0 default/read/poll queues",
                            "EXT4-fs (nvme0n1p1): mounted filesystem with ordered data mode. Quota mode: none.",
                            "audit: type=1400 audit(1700000000.123:45): apparmor=\"STATUS\" operation=\"profile_load\""]
        let benignSystemd = ["Started session-42.scope - Session 42 of User ubuntu.", "Starting logrotate.service - Rotate log files...",
                             "logrotate.service: Deactivated successfully.", "Finished logrotate.service - Rotate log files."]
        let paths = ["/api/orders", "/api/cart", "/healthz", "/api/users/me", "/static/app.js"]
        for step in 3..<(minutes * 6) {
            let t = Double(step) * 10
            for (n, i) in fleet.enumerated() {
                let base = t + Double(n) * 0.01
                h.event(i, at: base, .heartbeat)
                for k in 0..<5 {
                    let path = paths[Int(random.next() % UInt64(paths.count))]
                    let ms = 3 + random.next() % 80
                    if Double(random.next() % 10_000) / 10_000 < errorShare {
                        h.log(i, at: base + 0.1 * Double(k), app: "orders", "ERROR GET \(path) 500 \(ms)ms: upstream connect error", severity: .error)
                    } else {
                        h.log(i, at: base + 0.1 * Double(k), app: "nginx", "10.0.\(n).\(k) - - \"GET \(path) HTTP/1.1\" 200 \(512 + ms) \"-\" \"curl/8.5\"")
                    }
                }
                if random.next() % 20 == 0 { h.log(i, at: base + 0.7, app: "kernel", benignKernel[Int(random.next() % 4)], severity: .notice) }
                if random.next() % 20 == 0 { h.log(i, at: base + 0.8, app: "systemd", benignSystemd[Int(random.next() % 4)]) }
                if step % 3 == 0 {
                    let jitter = Double(random.next() % 1000) / 1000
                    h.metric(i, at: base + 0.9, "cpu.busy", 0.20 + 0.2 * jitter)
                    h.metric(i, at: base + 0.9, "mem.used_fraction", 0.50 + 0.1 * jitter)
                    h.metric(i, at: base + 0.9, "disk.used_fraction", 0.40 + 0.01 * Double(n % 10), labels: [LogField("mount", "/")])
                }
            }
            if step % 3 == 0 { h.tick(at: t + 5) }
        }
    }
}
