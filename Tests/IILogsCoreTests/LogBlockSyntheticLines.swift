import IILogsCore

/// A deterministic mix of fleet-like lines (web access logs, structured app logs, sshd, kernel,
/// systemd) of roughly 200–300 bytes, for round-trip and size tests.
enum SyntheticFleetLines {
    static let paths = ["/api/v2/orders", "/api/v2/customers", "/api/v2/cart/items", "/healthz", "/static/app.js", "/api/v2/search"]
    static let agents = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
                         "curl/8.5.0", "kube-probe/1.30", "Go-http-client/1.1"]
    static let appMessages = ["order created", "payment authorised", "cache miss for customer profile",
                              "retrying upstream call", "inventory reserved", "session refreshed"]

    static func make(count: Int, seed: UInt64, start: Timestamp = Timestamp(nanosecondsSinceEpoch: 1_790_000_000_000_000_000)) -> [LogRecord] {
        var rng = SeededRandom(seed: seed)
        var time = start.nanosecondsSinceEpoch
        return (0..<count).map { _ in
            time += Int64.random(in: 100_000...3_000_000, using: &rng)
            let at = Timestamp(nanosecondsSinceEpoch: time)
            func hex(_ n: Int) -> String { String((0..<n).map { _ in "0123456789abcdef".randomElement(using: &rng)! }) }
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<55:
                let status = [200, 200, 200, 201, 204, 304, 404, 500].randomElement(using: &rng)!
                return LogRecord(time: at, severity: status >= 500 ? .error : .info, facility: 16, hostname: "ip-10-0-3-17", app: "nginx", procID: "812",
                    message: "10.0.\(Int.random(in: 0...9, using: &rng)).\(Int.random(in: 1...254, using: &rng)) - - \"GET \(paths.randomElement(using: &rng)!)/\(Int.random(in: 10_000...99_999, using: &rng))?include=items HTTP/1.1\" \(status) \(Int.random(in: 200...9_000, using: &rng)) \"-\" \"\(agents.randomElement(using: &rng)!)\" rt=0.0\(Int.random(in: 10...99, using: &rng)) req_id=\(hex(16))")
            case 55..<93:
                let severity: Severity = Int.random(in: 0..<20, using: &rng) == 0 ? .warning : .info
                return LogRecord(time: at, severity: severity, facility: 1, hostname: "ip-10-0-3-17", app: "orders-api", procID: "2231",
                    message: "level=\(severity.name) caller=orders/service.go:\(Int.random(in: 100...400, using: &rng)) msg=\"\(appMessages.randomElement(using: &rng)!)\" order_id=\(Int.random(in: 80_000...89_999, using: &rng)) customer_id=\(Int.random(in: 1...99_999, using: &rng)) amount_cents=\(Int.random(in: 100...99_999, using: &rng)) trace_id=\(hex(32)) duration_ms=\(Int.random(in: 1...400, using: &rng))",
                    fields: [LogField("unit", "orders-api.service")])
            case 93..<97:
                return LogRecord(time: at, severity: .notice, facility: 4, hostname: "ip-10-0-3-17", app: "sshd", procID: "\(Int.random(in: 3000...9000, using: &rng))",
                    message: "Accepted publickey for deploy from 10.0.0.\(Int.random(in: 2...250, using: &rng)) port \(Int.random(in: 30_000...60_000, using: &rng)) ssh2: ED25519 SHA256:\(hex(43))")
            default:
                return LogRecord(time: at, severity: .warning, facility: 0, hostname: "ip-10-0-3-17", app: "kernel",
                    message: "[\(Int.random(in: 1000...99_999, using: &rng)).\(Int.random(in: 100_000...999_999, using: &rng))] TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.")
            }
        }
    }
}
