import Foundation

/// Journal entries as `journalctl -o json` prints them (one object per line, `"KEY" : "VALUE"` spacing),
/// modelled on real output of a Debian 12 host.
enum JournaldFixtures {
    static let bootID = "5c3f9a2d8e1b4c7f9a0d2e4b6c8f1a3d"

    /// The cursor journald writes for sequence number `seq`.
    static func cursor(_ seq: Int) -> String {
        "s=739ad463348b4ceca5a9e69c95a3c93f;i=\(String(seq, radix: 16));b=\(bootID);m=\(String(1_000_000 + seq, radix: 16));t=\(String(1_795_000_000_000_000 + seq, radix: 16));x=\(String(seq * 7919, radix: 16))"
    }

    /// A service's log line (`nginx.service` writing through syslog(3)).
    static func syslogEntry(_ seq: Int, message: String, priority: Int = 6, identifier: String = "nginx", pid: Int = 812) -> String {
        """
        { "__CURSOR" : "\(cursor(seq))", "__REALTIME_TIMESTAMP" : "\(1_795_000_000_000_000 + seq)", "__MONOTONIC_TIMESTAMP" : "\(1_000_000 + seq)", "_BOOT_ID" : "\(bootID)", "PRIORITY" : "\(priority)", "SYSLOG_FACILITY" : "3", "_UID" : "33", "_GID" : "33", "_MACHINE_ID" : "a1b2c3d4e5f60718293a4b5c6d7e8f90", "_HOSTNAME" : "web-1", "_TRANSPORT" : "syslog", "SYSLOG_IDENTIFIER" : "\(identifier)", "SYSLOG_PID" : "\(pid)", "_PID" : "\(pid)", "_COMM" : "nginx", "_EXE" : "/usr/sbin/nginx", "_CMDLINE" : "nginx: worker process", "_SYSTEMD_CGROUP" : "/system.slice/nginx.service", "_SYSTEMD_UNIT" : "nginx.service", "_SYSTEMD_SLICE" : "system.slice", "_SYSTEMD_INVOCATION_ID" : "0f1e2d3c4b5a69788796a5b4c3d2e1f0", "MESSAGE" : "\(message)", "_SOURCE_REALTIME_TIMESTAMP" : "\(1_795_000_000_000_000 + seq - 5)" }
        """
    }

    /// A program's standard output captured by systemd (no SYSLOG_IDENTIFIER on some, PRIORITY 6).
    static func stdoutEntry(_ seq: Int, messageJSON: String, extra: String = "") -> String {
        """
        { "__CURSOR" : "\(cursor(seq))", "__REALTIME_TIMESTAMP" : "\(1_795_000_000_000_000 + seq)", "__MONOTONIC_TIMESTAMP" : "\(1_000_000 + seq)", "_BOOT_ID" : "\(bootID)", "_TRANSPORT" : "stdout", "PRIORITY" : "6", "SYSLOG_FACILITY" : "3", "_STREAM_ID" : "9f8e7d6c5b4a39281706f5e4d3c2b1a0", "_PID" : "1234", "_UID" : "0", "_GID" : "0", "_COMM" : "backup.sh", "_EXE" : "/usr/bin/bash", "_SYSTEMD_UNIT" : "backup.service", "_HOSTNAME" : "web-1", "MESSAGE" : \(messageJSON)\(extra) }
        """
    }

    /// A fake `journalctl` in `folder`: prints `fixture`'s lines — all of them, or those after the line holding
    /// `--after-cursor`'s value — then waits like `--follow` does. Each call's arguments are appended to `args.log`.
    static func fakeJournalctl(in folder: String, fixture: String) throws -> String {
        let path = folder + "/journalctl"
        let script = """
            #!/bin/sh
            after=""
            for a in "$@"; do case "$a" in --after-cursor=*) after="${a#--after-cursor=}";; esac; done
            echo "$*" >> '\(folder)/args.log'
            if [ -z "$after" ]; then cat '\(fixture)'; else awk -v c="$after" 'found { print } index($0, c) { found = 1 }' '\(fixture)'; fi
            exec sleep 60

            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
        return path
    }
}
