public import IILogsCore

/// Realistic, seeded log lines of a fleet: nginx access and error logs, an app's JSON-ish lines, sshd,
/// kernel and systemd messages with variable fields, and a few percent warnings and errors.
///
/// The same seed gives the same lines, so benchmarks compare like with like. Lines average 200–300 bytes.
public struct FleetWorkload: Sendable {
    public var random: SeededRandom
    /// Fraction of lines at warning or worse (default 3%).
    public var errorRate: Double
    /// Whether some of the error lines are kernel OOM kills (on by default, as benchmarks expect). The
    /// demo turns them off: the shipped `oom-kill` rule quarantines any instance that logs one.
    public var oomKills: Bool

    public init(seed: UInt64, errorRate: Double = 0.03, oomKills: Bool = true) {
        self.random = SeededRandom(seed: seed)
        self.errorRate = errorRate
        self.oomKills = oomKills
    }

    static let paths = ["/api/v1/orders", "/api/v1/users/me", "/healthz", "/api/v1/cart/items", "/static/app.3f9a1c.js",
                        "/api/v1/search", "/login", "/api/v1/payments/confirm", "/metrics", "/api/v2/inventory"]
    static let agents = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
                         "curl/8.5.0", "ELB-HealthChecker/2.0", "python-requests/2.32.3", "Go-http-client/1.1"]
    static let users = ["alice", "bob", "deploy", "ubuntu", "ec2-user", "svc-billing"]
    static let units = ["nginx.service", "app.service", "cron.service", "systemd-journald.service", "amazon-ssm-agent.service"]

    /// The next line for an instance, at `time`.
    public mutating func nextLine(time: Timestamp, hostname: String) -> LogRecord {
        let roll = Double(random.next() % 10_000) / 10_000
        if roll < errorRate { return errorLine(time: time, hostname: hostname) }
        switch random.next() % 100 {
        case 0..<45: return nginxAccess(time: time, hostname: hostname)
        case 45..<80: return appLine(time: time, hostname: hostname)
        case 80..<88: return sshdLine(time: time, hostname: hostname)
        case 88..<95: return systemdLine(time: time, hostname: hostname)
        default: return kernelLine(time: time, hostname: hostname)
        }
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    mutating func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.next() % UInt64(range.count)) }
    mutating func hex(_ length: Int) -> String {
        var s = ""
        while s.count < length { s += String(random.next(), radix: 16) }
        return String(s.prefix(length))
    }
    mutating func ip() -> String { "10.\(number(0...255)).\(number(0...255)).\(number(1...254))" }

    mutating func nginxAccess(time: Timestamp, hostname: String) -> LogRecord {
        let status = pick([200, 200, 200, 200, 201, 204, 301, 304, 404])
        let message = "\(ip()) - - \"\(pick(["GET", "GET", "GET", "POST", "PUT"])) \(pick(Self.paths))?id=\(number(1...99_999)) HTTP/1.1\" "
            + "\(status) \(number(120...48_000)) \"-\" \"\(pick(Self.agents))\" rt=\(Double(number(1...900)) / 1000) "
            + "upstream=10.0.\(number(1...20)).\(number(1...250)):8080 req_id=\(hex(16))"
        return LogRecord(time: time, severity: .info, facility: 16, hostname: hostname, app: "nginx", procID: String(number(900...999)), message: message)
    }

    mutating func appLine(time: Timestamp, hostname: String) -> LogRecord {
        let message = pick([
            "level=info msg=\"order placed\" order_id=\(hex(12)) user_id=\(number(1...500_000)) items=\(number(1...9)) total_cents=\(number(100...90_000)) trace_id=\(hex(32)) duration_ms=\(number(3...400))",
            "level=info msg=\"cache refresh complete\" keys=\(number(1000...90_000)) evicted=\(number(0...500)) took_ms=\(number(10...3000)) shard=\(number(0...31)) trace_id=\(hex(32))",
            "level=debug msg=\"db query\" table=\(pick(["orders", "users", "carts", "payments"])) rows=\(number(0...500)) took_ms=\(number(1...90)) pool_in_use=\(number(1...32))/32 trace_id=\(hex(32))",
            "level=info msg=\"request handled\" method=GET path=\(pick(Self.paths)) status=200 bytes=\(number(100...9000)) latency_ms=\(number(1...300)) client=\(ip()) trace_id=\(hex(32))",
        ])
        return LogRecord(time: time, severity: message.hasPrefix("level=debug") ? .debug : .info, facility: 1, hostname: hostname,
                         app: "app", procID: String(number(2000...2100)), message: message)
    }

    mutating func sshdLine(time: Timestamp, hostname: String) -> LogRecord {
        let message = pick([
            "Accepted publickey for \(pick(Self.users)) from \(ip()) port \(number(30_000...65_000)) ssh2: ED25519 SHA256:\(hex(43))",
            "Received disconnect from \(ip()) port \(number(30_000...65_000)):11: disconnected by user",
            "pam_unix(sshd:session): session opened for user \(pick(Self.users))(uid=\(number(1000...1010))) by (uid=0)",
            "Connection closed by authenticating user \(pick(Self.users)) \(ip()) port \(number(30_000...65_000)) [preauth]",
        ])
        return LogRecord(time: time, severity: .info, facility: 10, hostname: hostname, app: "sshd", procID: String(number(3000...9000)), message: message)
    }

    mutating func systemdLine(time: Timestamp, hostname: String) -> LogRecord {
        let unit = pick(Self.units)
        let message = pick([
            "\(unit): Consumed \(number(1...900)).\(number(100...999))s CPU time, \(number(2...900)).\(number(1...9))M memory peak, \(number(0...90))M memory swap peak.",
            "Started \(unit) - \(pick(["Periodic Command Scheduler", "The nginx HTTP and reverse proxy server", "Application server"])).",
            "\(unit): Deactivated successfully.",
            "Starting \(pick(["logrotate.service - Rotate log files", "apt-daily.service - Daily apt download activities", "sysstat-collect.service - system activity accounting tool"]))...",
        ])
        return LogRecord(time: time, severity: .info, facility: 3, hostname: hostname, app: "systemd", procID: "1", message: message)
    }

    mutating func kernelLine(time: Timestamp, hostname: String) -> LogRecord {
        let message = pick([
            "[\(number(1000...999_999)).\(number(100_000...999_999))] IPv4: martian source 10.0.\(number(0...255)).\(number(1...254)) from \(ip()), on dev ens5",
            "[\(number(1000...999_999)).\(number(100_000...999_999))] TCP: request_sock_TCP: Possible SYN flooding on port \(pick([80, 443, 8080])). Sending cookies.  Check SNMP counters.",
            "[\(number(1000...999_999)).\(number(100_000...999_999))] EXT4-fs (nvme0n1p1): mounted filesystem \(hex(8))-\(hex(4))-\(hex(4)) r/w with ordered data mode. Quota mode: none.",
        ])
        return LogRecord(time: time, severity: .notice, facility: 0, hostname: hostname, app: "kernel", message: message)
    }

    mutating func errorLine(time: Timestamp, hostname: String) -> LogRecord {
        switch random.next() % 6 {
        case 0:
            return LogRecord(time: time, severity: .error, facility: 16, hostname: hostname, app: "nginx", procID: String(number(900...999)),
                             message: "\(number(2026...2026))/11/23 09:\(number(10...59)):\(number(10...59)) [error] \(number(900...999))#0: *\(number(1...99_999)) upstream timed out (110: Connection timed out) while reading response header from upstream, client: \(ip()), server: _, request: \"GET \(pick(Self.paths)) HTTP/1.1\", upstream: \"http://127.0.0.1:8080\(pick(Self.paths))\"")
        case 1:
            return LogRecord(time: time, severity: .error, facility: 1, hostname: hostname, app: "app", procID: String(number(2000...2100)),
                             message: "level=error msg=\"payment provider error\" provider=stripe code=\(pick(["card_declined", "rate_limited", "api_connection_error"])) order_id=\(hex(12)) attempt=\(number(1...5)) trace_id=\(hex(32))")
        case 2:
            return LogRecord(time: time, severity: .warning, facility: 1, hostname: hostname, app: "app", procID: String(number(2000...2100)),
                             message: "level=warn msg=\"slow query\" table=orders took_ms=\(number(900...9000)) rows=\(number(1000...90_000)) trace_id=\(hex(32))")
        case 3:
            return LogRecord(time: time, severity: .warning, facility: 10, hostname: hostname, app: "sshd", procID: String(number(3000...9000)),
                             message: "Invalid user \(pick(["admin", "test", "oracle", "postgres"])) from \(ip()) port \(number(30_000...65_000))")
        case 4 where !oomKills:
            return LogRecord(time: time, severity: .error, facility: 1, hostname: hostname, app: "app", procID: String(number(2000...2100)),
                             message: "level=error msg=\"request failed\" path=\(pick(Self.paths)) status=502 took_ms=\(number(1000...30_000)) trace_id=\(hex(32))")
        case 4:
            return LogRecord(time: time, severity: .critical, facility: 0, hostname: hostname, app: "kernel",
                             message: "[\(number(1000...999_999)).\(number(100_000...999_999))] Out of memory: Killed process \(number(2000...9000)) (app) total-vm:\(number(1_000_000...4_000_000))kB, anon-rss:\(number(500_000...2_000_000))kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:\(number(1000...9000))kB oom_score_adj:0")
        default:
            return LogRecord(time: time, severity: .error, facility: 3, hostname: hostname, app: "systemd", procID: "1",
                             message: "app.service: Main process exited, code=killed, status=9/KILL")
        }
    }
}
