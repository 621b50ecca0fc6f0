import IILogsAgent
import Testing

@Suite("BootID and SystemUptime")
struct BootIDTests {
    @Test func readsAndTrimsTheBootID() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        try inputWriteFile(folder.file("boot_id"), "  6e2c4a0b-1d7e-4c55-9b61-2f1a3c4d5e6f\n")
        #expect(BootID.read(path: folder.file("boot_id")) == "6e2c4a0b-1d7e-4c55-9b61-2f1a3c4d5e6f")
    }

    @Test func unreadableBootIDIsEmpty() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        #expect(BootID.read(path: folder.file("missing")) == "")
        #expect(BootID.read(path: folder.path) == "")  // a directory cannot be read as a file
    }

    @Test func parsesProcUptime() {
        #expect(SystemUptime.parse("350735.47 234388.90\n") == .seconds(350735) + .milliseconds(470))
        #expect(SystemUptime.parse("12 3") == .seconds(12))
        #expect(SystemUptime.parse("") == nil)
        #expect(SystemUptime.parse("-1.0 2") == nil)
        #expect(SystemUptime.parse("1.x 2") == nil)
        #expect(SystemUptime.parse("1.2.3 4") == nil)
    }

    @Test func readsUptimeFromAFile() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        try inputWriteFile(folder.file("uptime"), "5.5 1.0\n")
        #expect(SystemUptime.read(path: folder.file("uptime")) == .milliseconds(5500))
        #expect(SystemUptime.read(path: folder.file("missing")) == nil)
    }
}
