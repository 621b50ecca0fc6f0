import Foundation
import IILogsTesting
import Testing

/// Where the real syslog programs are, and the configuration snippets of docs/senders/ the tests run.
///
/// A missing program fails the test with a message saying how to get it (`.ci/run` installs all of them);
/// nothing is skipped silently.
enum SyslogPrograms {
    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    /// Environment variable naming the syslog-ng binary (set by .ci/run).
    static let syslogNGVariable = "IILOGS_SYSLOG_NG"
    /// Where .ci/run unpacks syslog-ng-core when the variable is not set.
    static let defaultSyslogNG = packageRoot + "/.ci/cache/syslog-ng/usr/sbin/syslog-ng"

    /// `rsyslogd` from the Debian package `rsyslog`.
    static func rsyslogd() throws -> String {
        try executable("/usr/sbin/rsyslogd", "rsyslogd (Debian package rsyslog) is not installed: run .ci/run or `apt-get install rsyslog`")
    }

    /// `logger` from util-linux (Debian package bsdutils).
    static func logger() throws -> String {
        try executable("/usr/bin/logger", "logger (util-linux, Debian package bsdutils) is not installed: run .ci/run")
    }

    /// The syslog-ng binary, its module folder and the folder of its private libraries.
    struct SyslogNG {
        var binary: String
        var modulePath: String
        var libraryPath: String
    }

    /// syslog-ng from `$IILOGS_SYSLOG_NG`, else ``defaultSyslogNG``; its modules are found beside it (`../lib/syslog-ng/3.*`).
    static func syslogNG() throws -> SyslogNG {
        let environment = ProcessInfo.processInfo.environment[syslogNGVariable]
        let binary = try executable(environment ?? defaultSyslogNG, """
            syslog-ng not found (\(syslogNGVariable)=\(environment ?? "unset"), default \(defaultSyslogNG)): run .ci/run, which \
            unpacks syslog-ng-core there, or set \(syslogNGVariable) to a syslog-ng binary
            """)
        let libraryPath = URL(fileURLWithPath: binary).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("lib/syslog-ng").path
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: libraryPath)) ?? []
        let module = try #require(versions.filter { $0.hasPrefix("3.") }.sorted().last,
                                  "no syslog-ng module folder (3.*) in \(libraryPath) beside \(binary)")
        return SyslogNG(binary: binary, modulePath: "\(libraryPath)/\(module)", libraryPath: libraryPath)
    }

    static func executable(_ path: String, _ hint: String) throws -> String {
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(hint)")
        return path
    }

    /// The snippet `docs/senders/NAME` with every `@KEY@` replaced; fails if a placeholder is left.
    static func snippet(_ name: String, _ values: [String: String]) throws -> String {
        var text = try String(contentsOfFile: "\(packageRoot)/docs/senders/\(name)", encoding: .utf8)
        for (key, value) in values { text = text.replacingOccurrences(of: "@\(key)@", with: value) }
        let left = text.firstMatch(of: try Regex("@[A-Z_]+@")).map { String(text[$0.range]) }
        try #require(left == nil, "unfilled placeholder \(left ?? "") in docs/senders/\(name)")
        return text
    }

    /// Runs `logger ARGS` to completion; fails the test on a non-zero exit.
    static func runLogger(_ arguments: [String], environment: [String: String] = ["TZ": "UTC"]) async throws {
        let process = try RunningProcess(try logger(), arguments, environment: environment)
        let status = try await process.waitForExit(timeout: .seconds(10))
        #expect(status == 0, "logger \(arguments.joined(separator: " ")) exited \(status)\n\(process.transcript)")
    }
}

/// A syslog program did not start as the test configured it.
struct SyslogProgramError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
