import IILogsCore
import Logging

/// Resolves who this instance is, from the first source that knows, in order:
/// 1. explicit settings (command-line flags),
/// 2. environment: `IILOGS_INSTANCE_ID`, `IILOGS_IMAGE_VERSION`, `IILOGS_LABELS="k=v,k=v"`,
/// 3. a file baked into the image (``BakedIdentityFile``, default `/etc/iilogs/identity`),
/// 4. cloud-init's instance data (`v1.instance_id`, plus `region`/`zone` labels),
/// 5. for the instance ID only, the host name (logged as a warning: it may not be unique).
///
/// The image version is never guessed: missing everywhere → ``IdentityResolutionError`` naming the
/// three ways to set it. Labels are merged over all sources; for a label set in several, the earlier
/// source wins. Missing files are skipped; malformed ones are errors. The boot ID comes from ``BootID``.
public struct IdentityResolver: Sendable {
    /// Values given explicitly (flags); nil or empty means "not given".
    public struct Explicit: Sendable, Hashable {
        public var instanceID: String?
        public var imageVersion: String?
        public var labels: [String: String]

        public init(instanceID: String? = nil, imageVersion: String? = nil, labels: [String: String] = [:]) {
            self.instanceID = instanceID
            self.imageVersion = imageVersion
            self.labels = labels
        }
    }

    /// Default path of the baked identity file.
    public static let defaultBakedFilePath = "/etc/iilogs/identity"
    /// Default path of cloud-init's instance data.
    public static let defaultCloudInitPath = "/run/cloud-init/instance-data.json"
    /// The environment variables read.
    public static let instanceIDVariable = "IILOGS_INSTANCE_ID"
    public static let imageVersionVariable = "IILOGS_IMAGE_VERSION"
    public static let labelsVariable = "IILOGS_LABELS"

    public var explicit: Explicit
    public var environment: [String: String]
    public var bakedFilePath: String
    public var cloudInitPath: String
    public var bootIDPath: String
    /// The host name fallback; injectable for tests.
    public var hostname: @Sendable () -> String?

    /// A resolver; every input defaults to the real system and is injectable for tests.
    public init(
        explicit: Explicit = Explicit(),
        environment: [String: String] = IdentityResolver.processEnvironment(),
        bakedFilePath: String = IdentityResolver.defaultBakedFilePath,
        cloudInitPath: String = IdentityResolver.defaultCloudInitPath,
        bootIDPath: String = BootID.defaultPath,
        hostname: @escaping @Sendable () -> String? = IdentityResolver.systemHostname
    ) {
        self.explicit = explicit
        self.environment = environment
        self.bakedFilePath = bakedFilePath
        self.cloudInitPath = cloudInitPath
        self.bootIDPath = bootIDPath
        self.hostname = hostname
    }
}
