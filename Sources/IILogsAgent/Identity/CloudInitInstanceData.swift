import IILogsCore

/// The parts of cloud-init's `/run/cloud-init/instance-data.json` the agent uses (its standardised
/// `v1` keys): the instance ID, and region / availability zone as labels when present.
struct CloudInitInstanceData: Sendable, Hashable {
    /// Largest file accepted (real files are a few tens of KiB).
    static let maxFileBytes = 4 * 1024 * 1024

    /// The `v1` object's keys the agent reads (`instance_id`, `region`, `availability_zone`); each is a
    /// string, null or absent.
    struct V1: Sendable, Hashable {
        var instanceID: String?
        var region: String?
        var availabilityZone: String?
    }

    var v1: V1?

    /// Parses the JSON; a malformed file, or one that is not a JSON object, is an error naming the path.
    static func parse(_ bytes: [UInt8], path: String) throws(IdentityResolutionError) -> CloudInitInstanceData {
        let document: JSONValue
        do {
            document = try JSONReader.parse(bytes)
        } catch {
            throw IdentityResolutionError(code: .malformedSource, message: "\(path) is not valid cloud-init instance data: \(error)")
        }
        guard document.objectValue != nil else {
            throw IdentityResolutionError(code: .malformedSource, message: "\(path) is not valid cloud-init instance data: not a JSON object")
        }
        guard let v1 = document["v1"], v1 != .null else { return CloudInitInstanceData(v1: nil) }
        guard v1.objectValue != nil else {
            throw IdentityResolutionError(code: .malformedSource, message: "\(path) is not valid cloud-init instance data: \"v1\" is not an object")
        }
        func text(_ key: String) throws(IdentityResolutionError) -> String? {
            switch v1[key] {
            case nil, .null?: return nil
            case .string(let text)?: return text
            default:
                throw IdentityResolutionError(code: .malformedSource,
                                              message: "\(path) is not valid cloud-init instance data: v1.\(key) is not a string")
            }
        }
        return CloudInitInstanceData(v1: V1(instanceID: try text("instance_id"), region: try text("region"),
                                            availabilityZone: try text("availability_zone")))
    }

    /// Region and zone as fleet labels (`region`, `zone`), only those present.
    var labels: [String: String] {
        var labels: [String: String] = [:]
        if let region = v1?.region, !region.isEmpty { labels["region"] = region }
        if let zone = v1?.availabilityZone, !zone.isEmpty { labels["zone"] = zone }
        return labels
    }
}
