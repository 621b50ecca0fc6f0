import Foundation
import IILogsCore
import IILogsTesting
import Testing

/// The agent executable with `--journald` ships journal entries to the collector executable, and after a
/// restart continues after the cursor it spooled: every entry stored exactly once. journald does not run in
/// the CI container, so `--journalctl-path` points at a script that prints `journalctl -o json` lines from a
/// file and honours `--after-cursor`.
@Suite(.serialized) struct JournaldAgentEndToEndTests {
    static func entry(_ seq: Int, priority: Int, identifier: String, message: String) -> String {
        let cursor = "s=0a1b2c3d4e5f;i=\(String(seq, radix: 16));b=5c3f9a2d;m=\(String(seq, radix: 16));t=\(String(seq, radix: 16));x=\(seq)"
        let micros = Timestamp.now().nanosecondsSinceEpoch / 1_000 - Int64(100 - seq) * 1_000_000
        return #"{ "__CURSOR" : "\#(cursor)", "__REALTIME_TIMESTAMP" : "\#(micros)", "PRIORITY" : "\#(priority)", "SYSLOG_FACILITY" : "3", "_HOSTNAME" : "web-1", "_TRANSPORT" : "syslog", "SYSLOG_IDENTIFIER" : "\#(identifier)", "_PID" : "\#(800 + seq)", "_COMM" : "\#(identifier)", "_SYSTEMD_UNIT" : "\#(identifier).service", "MESSAGE" : "\#(message)" }"#
            + "\n"
    }

    @Test func agentShipsJournalEntriesAndResumesAfterItsCursor() async throws {
        let folder = try TemporaryDirectory(prefix: "e2e-journald")
        defer { folder.remove() }
        let fixture = folder.file("journal.jsonl")
        try appendLines([
            Self.entry(1, priority: 3, identifier: "nginx", message: "journal one"),
            Self.entry(2, priority: 6, identifier: "sshd", message: "journal two"),
            Self.entry(3, priority: 4, identifier: "cron", message: "journal three"),
        ].map { String($0.dropLast()) }, to: fixture)
        let journalctl = folder.file("journalctl")
        try """
            #!/bin/sh
            after=""
            for a in "$@"; do case "$a" in --after-cursor=*) after="${a#--after-cursor=}";; esac; done
            echo "$*" >> '\(folder.path)/args.log'
            if [ -z "$after" ]; then cat '\(fixture)'; else awk -v c="$after" 'found { print } index($0, c) { found = 1 }' '\(fixture)'; fi
            exec sleep 60

            """.write(toFile: journalctl, atomically: true, encoding: .utf8)
        chmod(journalctl, 0o755)
        let collector = try await CollectorUnderTest.start(data: folder.file("data"))
        defer { collector.process.signal(SIGKILL) }

        // Given an agent following the journal,
        var agent = try startAgent(collector: collector.agentAddress, instance: "i-journal", image: "v-j", folder: folder,
                                   extra: ["--journald", "--journalctl-path", journalctl])
        defer { agent.signal(SIGKILL) }
        let first = try await waitFor("three journal entries", { try await queryAll(collector, instance: "i-journal", extra: ["--grep", "journal"]) },
                                      until: { $0.count >= 3 })
        #expect(first.contains { $0.message == "journal one" && $0.severity == "err" && $0.app == "nginx" && $0.procid == "801"
                                 && $0.fields?["_SYSTEMD_UNIT"] == "nginx.service" })
        // when it is stopped, the journal grows, and it starts again with the same spool,
        await agent.terminateAndWait()
        try appendLines([Self.entry(4, priority: 2, identifier: "kernel", message: "journal four"),
                         Self.entry(5, priority: 6, identifier: "sshd", message: "journal five")].map { String($0.dropLast()) }, to: fixture)
        agent = try startAgent(collector: collector.agentAddress, instance: "i-journal", image: "v-j", folder: folder,
                               extra: ["--journald", "--journalctl-path", journalctl])
        // then every entry is stored exactly once, and the second journalctl started after the third entry's cursor.
        _ = try await waitFor("five journal entries", { try await queryAll(collector, instance: "i-journal", extra: ["--grep", "journal"]) },
                              until: { $0.count >= 5 })
        try await Task.sleep(for: .milliseconds(1_500))
        let lines = try await queryAll(collector, instance: "i-journal", extra: ["--grep", "journal"])
        #expect(lines.map(\.message) == ["journal one", "journal two", "journal three", "journal four", "journal five"])
        #expect(lines.map(\.severity) == ["err", "info", "warning", "crit", "info"])
        let calls = try String(contentsOfFile: folder.file("args.log"), encoding: .utf8).split(separator: "\n")
        #expect(calls.count == 2 && calls.last?.hasSuffix("--after-cursor=s=0a1b2c3d4e5f;i=3;b=5c3f9a2d;m=3;t=3;x=3") == true, "\(calls)")
        await agent.terminateAndWait()
    }
}
