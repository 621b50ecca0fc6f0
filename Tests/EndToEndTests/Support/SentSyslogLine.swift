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
    _ = try await waitFor("\(sent.count) lines from \(sender)", { try await queryAll(collector, instance: instance) },
                          until: { $0.count >= sent.count })
    try await Task.sleep(for: .milliseconds(1_500))
    let stored = try await queryAll(collector, instance: instance)
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
