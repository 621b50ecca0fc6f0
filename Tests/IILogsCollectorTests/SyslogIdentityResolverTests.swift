import IILogsCore
import Testing
@testable import IILogsCollector

@Suite struct SyslogIdentityResolverTests {
    static let sdID = CollectorSettings.defaultSyslogIdentitySDID

    static func parse(_ text: String) throws -> SyslogMessage {
        try SyslogParser.parse(Array(text.utf8), receivedAt: .zero).get()
    }

    @Test func sdElementGivesInstanceImageAndLabels() throws {
        let message = try Self.parse(#"<14>1 2026-01-02T03:04:05Z web-1 app - - [iilogs@53595 instance="i-1" image="v42" role="web"] hi"#)
        let identity = SyslogIdentityResolver.identity(of: message, sdID: Self.sdID, peer: "10.0.0.9")
        #expect(identity == InstanceIdentity(instanceID: "i-1", imageVersion: "v42", labels: ["role": "web"]))
    }

    @Test func sdElementWithOtherIDIsIgnoredAndHostnameUsed() throws {
        let message = try Self.parse(#"<14>1 2026-01-02T03:04:05Z web-1 app - - [other@1 instance="i-x"] hi"#)
        let identity = SyslogIdentityResolver.identity(of: message, sdID: Self.sdID, peer: "10.0.0.9")
        #expect(identity == InstanceIdentity(instanceID: "web-1", imageVersion: "unknown"))
    }

    @Test func sdElementWithoutImageGetsUnknownImage() throws {
        let message = try Self.parse(#"<14>1 - - app - - [iilogs@53595 instance="i-2"] hi"#)
        let identity = SyslogIdentityResolver.identity(of: message, sdID: Self.sdID, peer: "10.0.0.9")
        #expect(identity == InstanceIdentity(instanceID: "i-2", imageVersion: "unknown"))
    }

    @Test func noSDAndNoHostnameFallsBackToPeerAddress() throws {
        let message = try Self.parse("<14>1 - - app - - - hi")
        let identity = SyslogIdentityResolver.identity(of: message, sdID: Self.sdID, peer: "10.0.0.9")
        #expect(identity == InstanceIdentity(instanceID: "10.0.0.9", imageVersion: "unknown"))
    }

    @Test func rfc3164HostnameIsTheInstance() throws {
        let message = try Self.parse("<13>Jan  2 03:04:05 legacy-host sshd[12]: accepted")
        let identity = SyslogIdentityResolver.identity(of: message, sdID: Self.sdID, peer: "10.0.0.9")
        #expect(identity.instanceID == "legacy-host")
        #expect(identity.imageVersion == "unknown")
    }

    @Test func overlongSDInstanceFallsThroughToHostname() throws {
        let long = String(repeating: "x", count: InstanceIdentity.maxIdentifierLength + 1)
        let message = try Self.parse(#"<14>1 - web-3 app - - [iilogs@53595 instance="\#(long)"] hi"#)
        let identity = SyslogIdentityResolver.identity(of: message, sdID: Self.sdID, peer: "10.0.0.9")
        #expect(identity.instanceID == "web-3")
    }
}
