import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// One line a test sends through a syslog program, and what the collector must store for it.
struct SentSyslogLine: Sendable, CustomStringConvertible {
    var app: String
    var severity: Severity
    /// As handed to the sender (may start with a BOM, may hold LFs).
    var message: String
    /// As the collector must store it.
    var stored: String
    /// The exact time, for lines the test stamps itself; nil: the sending program stamps it (checked against the send window).
    var time: Timestamp?

    init(app: String, severity: Severity, message: String, stored: String? = nil, time: Timestamp? = nil) {
        self.app = app
        self.severity = severity
        self.message = message
        self.stored = stored ?? message
        self.time = time
    }

    var description: String { "\(app).\(severity.name) '\(stored.prefix(50))'" }

    /// Bytes of the long line: longer than logger's (1 KiB), rsyslog's (8 KiB) default message sizes.
    static let longLineBytes = 9_000

    /// The known set every sender test forwards, each message starting with `tag` so it is unique: several
    /// severities and apps, a multi-line message, a BOM-prefixed message (stored without the BOM), a long line.
    static func standardSet(tag: String) -> [SentSyslogLine] {
        let long = "\(tag) long line " + String(repeating: "0123456789abcdef", count: longLineBytes / 16)
        return [
            SentSyslogLine(app: "web", severity: .error, message: "\(tag) upstream timed out after 30s"),
            SentSyslogLine(app: "web", severity: .warning, message: "\(tag) slow request path=/api/v1/items ms=812"),
            SentSyslogLine(app: "db", severity: .info, message: "\(tag) checkpoint complete: wrote 1234 buffers"),
            SentSyslogLine(app: "cron", severity: .debug, message: "\(tag) job backup finished rc=0"),
            SentSyslogLine(app: "sshd", severity: .notice, message: "\(tag) Accepted publickey for deploy from 10.0.0.7"),
            SentSyslogLine(app: "java", severity: .critical,
                           message: "\(tag) Exception in thread main\n\tat App.run(App.java:42)\n\tat App.main(App.java:7)"),
            SentSyslogLine(app: "bom", severity: .alert, message: "\u{FEFF}\(tag) with a byte order mark ünïcödé", stored: "\(tag) with a byte order mark ünïcödé"),
            SentSyslogLine(app: "bulk", severity: .info, message: long),
        ]
    }

    /// `logger` arguments sending this line (facility user) — the transport options come from the caller.
    func loggerArguments(_ transport: [String]) -> [String] {
        transport + ["-t", app, "-p", "user.\(severity.name)", "--size", "70000", "--", message]
    }
}

/// Waits until `instance` holds at least `sent.count` lines, waits a little more (a duplicate would arrive
/// with its original), then checks every line was stored exactly once with its severity, app, image and time.
func expectDelivered(_ sent: [SentSyslogLine], to collector: CollectorUnderTest, instance: String, image: String,
                     sentBetween window: ClosedRange<Timestamp>, via sender: String) async throws {
    _ = try await waitFor("\(sent.count) lines from \(sender)", { try await queryEverything(collector, instance: instance).count },
                          until: { $0 >= sent.count })
    try await Task.sleep(for: .milliseconds(1_500))
    let stored = try await queryEverything(collector, instance: instance)
    #expect(stored.count == sent.count, "\(sender): \(stored.count) lines stored for \(sent.count) sent: \(stored.map { $0.message.prefix(60) })")
    // Senders stamp RFC 3164 lines to the second and RFC 5424 lines to the microsecond.
    let earliest = Timestamp(nanosecondsSinceEpoch: window.lowerBound.nanosecondsSinceEpoch / 1_000_000_000 * 1_000_000_000)
    let latest = Timestamp(nanosecondsSinceEpoch: window.upperBound.nanosecondsSinceEpoch + 1_000_000_000)
    for line in sent {
        let matches = stored.filter { $0.message == line.stored }
        #expect(matches.count == 1, "\(sender): \(line) stored \(matches.count) times")
        guard let got = matches.first else { continue }
        #expect(got.severity == line.severity.name, "\(sender): \(line) stored with severity \(got.severity)")
        #expect(got.app == line.app, "\(sender): \(line) stored with app '\(got.app)'")
        #expect(got.image == image, "\(sender): \(line) stored under image '\(got.image)'")
        let time = try #require(RFC3339.parse(got.time), "\(sender): unparseable time \(got.time)")
        if let exact = line.time {
            #expect(time == exact, "\(sender): \(line) stored at \(got.time), sent at \(RFC3339.format(exact))")
        } else {
            #expect((earliest...latest).contains(time),
                    "\(sender): \(line) stored at \(got.time), sent between \(RFC3339.format(window.lowerBound)) and \(RFC3339.format(window.upperBound))")
        }
    }
}

/// The syslog listener addresses in the collector's `listening` line.
func syslogPorts(_ collector: CollectorUnderTest) async throws -> (tcp: Int, udp: Int) {
    let line = try await collector.process.waitForLine(containing: "listening agents=")
    var tcp = 0
    var udp = 0
    for word in line.split(separator: " ") {
        if word.hasPrefix("syslog-tcp=") { tcp = Int(word.split(separator: ":").last ?? "") ?? 0 }
        if word.hasPrefix("syslog-udp=") { udp = Int(word.split(separator: ":").last ?? "") ?? 0 }
    }
    return (tcp, udp)
}

/// A time `ago` before now, cut to whole microseconds (what RFC 5424 senders keep).
func microsecondTime(ago: Duration) -> Timestamp {
    let ns = Timestamp.now().nanosecondsSinceEpoch - ago.components.seconds * 1_000_000_000
    return Timestamp(nanosecondsSinceEpoch: ns / 1_000 * 1_000)
}

/// `time` as an RFC 5424 TIMESTAMP: microseconds (TIME-SECFRAC has at most 6 digits; rsyslog rejects more)
/// at a fixed UTC offset, as a sender in another zone writes it.
func rfc5424Time(_ time: Timestamp, offsetHours: Int = 0) -> String {
    let shifted = Timestamp(nanosecondsSinceEpoch: time.nanosecondsSinceEpoch + Int64(offsetHours) * 3_600_000_000_000)
    let utc = RFC3339.format(shifted)  // 2026-11-23T09:00:00.123456789Z
    guard offsetHours != 0 else { return String(utc.dropLast(4)) + "Z" }
    let sign = offsetHours < 0 ? "-" : "+"
    return String(utc.dropLast(4)) + sign + (abs(offsetHours) < 10 ? "0" : "") + "\(abs(offsetHours)):00"
}

/// Every stored line of `instance` through `iilogs query --output jsonl --limit 0`, its output written to a
/// file and read once the CLI exited (`queryAll` reads a pipe after a fixed pause, which cuts long answers
/// on a loaded machine).
func queryEverything(_ collector: CollectorUnderTest, instance: String) async throws -> [APILogLine] {
    let folder = try TemporaryDirectory(prefix: "e2e-query")
    defer { folder.remove() }
    let output = folder.file("lines.jsonl")
    let cli = try BuiltProducts.path(of: "iilogs")
    let process = try RunningProcess("/bin/sh", ["-c", #""$0" query --collector "$1" --instance "$2" --output jsonl --limit 0 > "$3""#,
                                                 cli, collector.httpURL, instance, output])
    let status = try await process.waitForExit(timeout: .seconds(30))
    try #require(status == 0, "iilogs query --instance \(instance) exited \(status)\n\(process.transcript)")
    let text = try String(contentsOfFile: output, encoding: .utf8)
    return try text.split(separator: "\n").map { try JSONDecoder().decode(APILogLine.self, from: Data($0.utf8)) }
}
