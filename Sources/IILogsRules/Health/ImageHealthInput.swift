/// The instances of one image version, as the engine (``RuleEngine/healthInput(image:now:)``) or the
/// store sees them.
public struct ImageHealthInput: Sendable, Hashable, Codable {
    public var imageVersion: String
    public var instances: [InstanceHealth]

    public init(imageVersion: String, instances: [InstanceHealth]) {
        self.imageVersion = imageVersion
        self.instances = instances
    }
}
