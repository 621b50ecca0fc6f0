/// The kernel's boot ID: a random UUID made at each boot, so a reboot shows as a new ID.
public enum BootID {
    /// Where Linux publishes it.
    public static let defaultPath = "/proc/sys/kernel/random/boot_id"
    /// Longest content read from the file; a boot ID is 36 characters.
    static let maxFileBytes = 4096

    /// The boot ID read from `path`, trimmed; an empty string when the file is missing or unreadable
    /// (not Linux, a restricted container) or longer than ``InstanceIdentity/maxIdentifierLength``.
    public static func read(path: String = defaultPath) -> String {
        guard let text = SmallFileReader.text(path: path, limit: maxFileBytes) else { return "" }
        let trimmed = IdentityText.trimmed(text)
        return trimmed.utf8.count <= 256 ? trimmed : ""
    }
}
