#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The parts of cloud-init's `/run/cloud-init/instance-data.json` the agent uses (its standardised
/// `v1` keys): the instance ID, and region / availability zone as labels when present.
struct CloudInitInstanceData: Sendable, Hashable, Decodable {
    /// Largest file accepted (real files are a few tens of KiB).
    static let maxFileBytes = 4 * 1024 * 1024

    struct V1: Sendable, Hashable, Decodable {
        var instanceID: String?
        var region: String?
        var availabilityZone: String?

        enum CodingKeys: String, CodingKey {
            case instanceID = "instance_id"
            case region
            case availabilityZone = "availability_zone"
        }
    }

    var v1: V1?

    /// Parses the JSON; a malformed file is an error naming the path.
    static func parse(_ bytes: [UInt8], path: String) throws(IdentityResolutionError) -> CloudInitInstanceData {
        do {
            return try JSONDecoder().decode(CloudInitInstanceData.self, from: Data(bytes))
        } catch {
            throw IdentityResolutionError(code: .malformedSource, message: "\(path) is not valid cloud-init instance data: \(error)")
        }
    }

    /// Region and zone as fleet labels (`region`, `zone`), only those present.
    var labels: [String: String] {
        var labels: [String: String] = [:]
        if let region = v1?.region, !region.isEmpty { labels["region"] = region }
        if let zone = v1?.availabilityZone, !zone.isEmpty { labels["zone"] = zone }
        return labels
    }
}
