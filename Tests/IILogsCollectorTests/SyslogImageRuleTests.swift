import IILogsCore
import Testing
@testable import IILogsCollector

@Suite struct SyslogImageRuleTests {
    @Test(arguments: [
        ("web-*", "web-1", true), ("web-*", "web-", true), ("web-*", "db-1", false), ("web-*", "xweb-1", false),
        ("WEB-*", "web-7", true), ("web-?", "web-1", true), ("web-?", "web-12", false), ("*", "anything", true),
        ("*-canary-*", "api-canary-3", true), ("*-canary-*", "api-canary", false), ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false), ("exact.host", "exact.host", true), ("exact.host", "exact.hostx", false),
        ("**x", "x", true), ("?", "", false),
    ])
    func globs(pattern: String, hostname: String, matches: Bool) {
        #expect(SyslogImageRule(pattern: pattern, image: "v1").matches(hostname) == matches, "\(pattern) vs \(hostname)")
    }

    @Test func firstMatchingRuleWins() {
        let rules = [SyslogImageRule(pattern: "web-canary-*", image: "web-v43"), SyslogImageRule(pattern: "web-*", image: "web-v42")]
        #expect(SyslogImageRule.image(for: "web-canary-1", in: rules) == "web-v43")
        #expect(SyslogImageRule.image(for: "web-9", in: rules) == "web-v42")
        #expect(SyslogImageRule.image(for: "db-1", in: rules) == nil)
    }

    @Test func parsesTheFlagAndNamesTheKeyOnErrors() throws {
        #expect(try SyslogImageRule(parsing: "web-*=web-v42") == SyslogImageRule(pattern: "web-*", image: "web-v42"))
        for bad in ["web-*", "=v1", "web-*=", "web *=v1"] {
            #expect((try? SyslogImageRule(parsing: bad)) == nil, "'\(bad)' was accepted")
        }
        do {
            _ = try SyslogImageRule(parsing: "nothing")
            Issue.record("'nothing' was accepted")
        } catch {
            #expect(error.key == "syslogImageRules")
        }
        var settings = CollectorSettings()
        settings.syslogImageRules = [SyslogImageRule(pattern: "", image: "v1")]
        #expect(throws: SettingsError.self) { try settings.validate() }
    }

    @Test func rulesApplyOnlyWithoutTheIdentityElement() throws {
        let rules = [SyslogImageRule(pattern: "web-*", image: "web-v42")]
        let sdID = CollectorSettings.defaultSyslogIdentitySDID
        let plain = try SyslogParser.parse(Array("<13>Jan  2 03:04:05 web-3 nginx: up".utf8), receivedAt: .zero).get()
        #expect(SyslogIdentityResolver.identity(of: plain, sdID: sdID, peer: "10.0.0.1", imageRules: rules)
                == InstanceIdentity(instanceID: "web-3", imageVersion: "web-v42"))
        let other = try SyslogParser.parse(Array("<13>Jan  2 03:04:05 db-3 pg: up".utf8), receivedAt: .zero).get()
        #expect(SyslogIdentityResolver.identity(of: other, sdID: sdID, peer: "10.0.0.1", imageRules: rules).imageVersion == "unknown")
        let tagged = try SyslogParser.parse(Array(#"<14>1 - web-3 app - - [iilogs@53595 instance="i-9" image="v7"] hi"#.utf8),
                                            receivedAt: .zero).get()
        #expect(SyslogIdentityResolver.identity(of: tagged, sdID: sdID, peer: "10.0.0.1", imageRules: rules)
                == InstanceIdentity(instanceID: "i-9", imageVersion: "v7"))
    }

    @Test func theListenerAppliesTheRules() async throws {
        var settings = SyslogIngestServerTests.settings
        settings.syslogImageRules = [SyslogImageRule(pattern: "web-canary-*", image: "web-v43"),
                                     SyslogImageRule(pattern: "web-*", image: "web-v42")]
        let store = InMemoryLogStore()
        _ = try await SyslogIngestServerTests.withCollectorCounters(store, settings: settings) { addresses in
            let tcp = try #require(addresses.syslogTCP)
            try await SyslogIngestServerTests.sendTCP("""
                <13>Jan  2 03:04:05 web-1 nginx: plain web
                <13>Jan  2 03:04:05 web-canary-2 nginx: canary web
                <14>1 - web-3 app - - [iilogs@53595 instance="i-tagged" image="v7"] tagged
                <13>Jan  2 03:04:05 db-1 pg: unmapped

                """, to: tcp)
            #expect(try await SyslogIngestServerTests.lines(store, "web-1", count: 1).map(\.message) == ["plain web"])
            #expect(try await SyslogIngestServerTests.image(store, "web-1") == "web-v42")
            #expect(try await SyslogIngestServerTests.lines(store, "web-canary-2", count: 1).count == 1)
            #expect(try await SyslogIngestServerTests.image(store, "web-canary-2") == "web-v43")
            #expect(try await SyslogIngestServerTests.lines(store, "i-tagged", count: 1).count == 1)
            #expect(try await SyslogIngestServerTests.image(store, "i-tagged") == "v7")
            #expect(try await SyslogIngestServerTests.lines(store, "db-1", count: 1).count == 1)
            #expect(try await SyslogIngestServerTests.image(store, "db-1") == "unknown")
        }
    }
}
