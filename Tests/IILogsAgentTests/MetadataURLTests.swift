import IILogsAgent
import IILogsCore
import Testing

@Suite struct MetadataURLTests {
    @Test(arguments: [
        ("http://169.254.169.254/latest/meta-data/spot/instance-action", MetadataURL(host: "169.254.169.254", path: "/latest/meta-data/spot/instance-action")),
        ("http://metadata.google.internal/computeMetadata/v1/instance/preempted",
         MetadataURL(host: "metadata.google.internal", path: "/computeMetadata/v1/instance/preempted")),
        ("http://127.0.0.1:8080/x?y=1", MetadataURL(host: "127.0.0.1", port: 8080, path: "/x?y=1")),
        ("HTTP://host", MetadataURL(host: "host", path: "/")),
        ("http://[fd00:ec2::254]/latest/meta-data/spot/instance-action", MetadataURL(host: "fd00:ec2::254", path: "/latest/meta-data/spot/instance-action")),
        ("http://[::1]:81/p", MetadataURL(host: "::1", port: 81, path: "/p")),
    ])
    func parses(_ text: String, _ expected: MetadataURL) {
        #expect(MetadataURL(parsing: text) == expected)
    }

    @Test(arguments: ["", "https://169.254.169.254/", "ftp://h/", "http://", "http:///path", "http://h:0/", "http://h:65536/",
                      "http://h:/", "http://h:8o/", "http://user@h/", "http://h/a b", "http://h/#frag", "http://[::1/", "http://[::1]x/",
                      "169.254.169.254/latest"])
    func refuses(_ text: String) {
        #expect(MetadataURL(parsing: text) == nil)
    }

    @Test func hostHeaderAndDescription() {
        #expect(MetadataURL(host: "::1", port: 81, path: "/p").hostHeader == "[::1]:81")
        #expect(MetadataURL(host: "h", path: "/p").description == "http://h/p")
    }

    @Test func settingsValidateTheURLAndInterval() throws {
        var settings = InterruptionSettings()
        try settings.validate()  // off
        settings.url = "https://169.254.169.254/"
        #expect(throws: SettingsError.self) { try settings.validate() }
        settings.url = InterruptionSettings.awsURL
        try settings.validate()
        settings.pollInterval = .milliseconds(1)
        #expect { try settings.validate() } throws: { ($0 as? SettingsError)?.key == "interruption.pollInterval" }
    }
}
