/// The identity file baked into an image at build time (default `/etc/iilogs/identity`):
/// ```
/// # comments and blank lines are ignored; spaces around keys and values are trimmed
/// instance_id=i-0abc123        (rarely baked: an image is shared by many instances)
/// image_version=v42
/// label.service=checkout
/// label.region=eu-west-1
/// ```
struct BakedIdentityFile: Sendable, Hashable {
    /// Largest file accepted.
    static let maxFileBytes = 64 * 1024

    var instanceID: String?
    var imageVersion: String?
    var labels: [String: String] = [:]

    /// Parses the file's text; a line that is not `key=value` or has an unknown key is an error
    /// naming the path and line number (a typo in an image should fail its first boot loudly).
    static func parse(_ text: String, path: String) throws(IdentityResolutionError) -> BakedIdentityFile {
        var result = BakedIdentityFile()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = IdentityText.trimmed(rawLine)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let location = "\(path):\(index + 1)"
            guard let equals = line.firstIndex(of: "=") else {
                throw IdentityResolutionError(code: .malformedSource, message: "\(location): expected key=value, got \"\(line)\"")
            }
            let key = IdentityText.trimmed(line[..<equals])
            let value = IdentityText.trimmed(line[line.index(after: equals)...])
            switch key {
            case "instance_id": result.instanceID = value
            case "image_version": result.imageVersion = value
            default:
                guard key.hasPrefix("label."), key.count > "label.".count else {
                    throw IdentityResolutionError(
                        code: .malformedSource,
                        message: "\(location): unknown key \"\(key)\" (expected instance_id, image_version or label.NAME)")
                }
                result.labels[String(key.dropFirst("label.".count))] = value
            }
        }
        return result
    }
}
