public import IILogsCore

/// Decides which instance a plain-syslog message belongs to.
///
/// In order: a structured-data element with the configured SD-ID (`[iilogs@53595 instance="i-1" image="v42"]`;
/// its other parameters become labels); else the HOSTNAME as instance ID with the image of the first
/// ``SyslogImageRule`` matching it, or `unknown`; else (hostname
/// `-` or empty) the sender's IP address with image `unknown`. A candidate that fails
/// ``InstanceIdentity/validate()`` (too long, …) falls through to the next rule, so nothing is dropped.
public enum SyslogIdentityResolver {
    /// SD parameter naming the instance ID.
    public static let instanceParameter = "instance"
    /// SD parameter naming the image version.
    public static let imageParameter = "image"

    /// The identity for `message` received from `peer`.
    public static func identity(of message: SyslogMessage, sdID: String, peer: String,
                                imageRules: [SyslogImageRule] = []) -> InstanceIdentity {
        if let element = message.structuredData.first(where: { $0.id == sdID }),
           let instance = element.parameters.first(where: { $0.name == instanceParameter })?.value, !instance.isEmpty {
            let image = element.parameters.first(where: { $0.name == imageParameter })?.value ?? ""
            var labels: [String: String] = [:]
            for parameter in element.parameters where parameter.name != instanceParameter && parameter.name != imageParameter {
                labels[parameter.name] = parameter.value
            }
            let identity = InstanceIdentity(instanceID: instance, imageVersion: image.isEmpty ? SyslogEntry.unknownImage : image,
                                            labels: labels)
            if (try? identity.validate()) != nil { return identity }
        }
        if !message.hostname.isEmpty && message.hostname != "-" {
            let image = SyslogImageRule.image(for: message.hostname, in: imageRules) ?? SyslogEntry.unknownImage
            let identity = InstanceIdentity(instanceID: message.hostname, imageVersion: image)
            if (try? identity.validate()) != nil { return identity }
        }
        return fallback(peer: peer)
    }

    /// The identity of last resort: the sender's address, image `unknown`.
    public static func fallback(peer: String) -> InstanceIdentity {
        InstanceIdentity(instanceID: peer.isEmpty ? "unknown-peer" : peer, imageVersion: SyslogEntry.unknownImage)
    }
}
