#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import IILogsCore
public import Logging

extension IdentityResolver {
    /// One source's answer.
    struct Candidate {
        var source: String
        var instanceID: String?
        var imageVersion: String?
        var labels: [String: String] = [:]
    }

    /// Resolves and validates the identity, boot ID included.
    public func resolve(logger: Logger) throws(IdentityResolutionError) -> InstanceIdentity {
        let candidates = try gatherCandidates(logger: logger)
        var labels: [String: String] = [:]
        for candidate in candidates {
            labels.merge(candidate.labels) { earlier, _ in earlier }
        }
        guard let image = candidates.first(where: { $0.imageVersion?.isEmpty == false }) else {
            throw IdentityResolutionError(
                code: .missingImageVersion,
                message: "image version not set: pass --image VERSION, set \(Self.imageVersionVariable), "
                    + "or write image_version=VERSION into \(bakedFilePath)")
        }
        var instanceSource: String
        var instanceID: String
        if let found = candidates.first(where: { $0.instanceID?.isEmpty == false }), let id = found.instanceID {
            (instanceSource, instanceID) = (found.source, id)
        } else if let host = hostname(), !host.isEmpty {
            logger.warning("no instance ID configured; using the host name, which may not be unique in the fleet",
                           metadata: ["hostname": "\(host)"])
            (instanceSource, instanceID) = ("hostname", host)
        } else {
            throw IdentityResolutionError(
                code: .missingInstanceID,
                message: "instance ID not set and the host name is unavailable: pass --instance-id ID, set "
                    + "\(Self.instanceIDVariable), or write instance_id=ID into \(bakedFilePath)")
        }
        let identity = InstanceIdentity(instanceID: instanceID, imageVersion: image.imageVersion ?? "",
                                        bootID: BootID.read(path: bootIDPath), labels: labels)
        do {
            try identity.validate()
        } catch {
            throw IdentityResolutionError(code: .invalid, message: "\(error) (instance ID from \(instanceSource), image version from \(image.source))")
        }
        logger.debug("resolved instance identity", metadata: [
            "instance": "\(identity.instanceID)", "instanceSource": "\(instanceSource)",
            "image": "\(identity.imageVersion)", "imageSource": "\(image.source)", "boot": "\(identity.bootID)",
        ])
        return identity
    }

    /// The sources in precedence order; missing files are skipped, malformed ones throw.
    func gatherCandidates(logger: Logger) throws(IdentityResolutionError) -> [Candidate] {
        var candidates = [Candidate(source: "settings", instanceID: explicit.instanceID, imageVersion: explicit.imageVersion,
                                    labels: explicit.labels)]
        candidates.append(Candidate(
            source: "environment", instanceID: environment[Self.instanceIDVariable], imageVersion: environment[Self.imageVersionVariable],
            labels: try Self.parseLabels(environment[Self.labelsVariable] ?? "", origin: Self.labelsVariable)))
        switch SmallFileReader.read(path: bakedFilePath, limit: BakedIdentityFile.maxFileBytes) {
        case .success(let bytes):
            let baked = try BakedIdentityFile.parse(String(decoding: bytes, as: UTF8.self), path: bakedFilePath)
            candidates.append(Candidate(source: bakedFilePath, instanceID: baked.instanceID, imageVersion: baked.imageVersion,
                                        labels: baked.labels))
        case .failure(.missing):
            logger.debug("no baked identity file", metadata: ["path": "\(bakedFilePath)"])
        case .failure(let failure):
            throw IdentityResolutionError(code: .malformedSource, message: "cannot read the identity file: \(failure)")
        }
        switch SmallFileReader.read(path: cloudInitPath, limit: CloudInitInstanceData.maxFileBytes) {
        case .success(let bytes):
            let data = try CloudInitInstanceData.parse(bytes, path: cloudInitPath)
            candidates.append(Candidate(source: cloudInitPath, instanceID: data.v1?.instanceID, labels: data.labels))
        case .failure(.missing):
            logger.debug("no cloud-init instance data", metadata: ["path": "\(cloudInitPath)"])
        case .failure(let failure):
            throw IdentityResolutionError(code: .malformedSource, message: "cannot read cloud-init instance data: \(failure)")
        }
        for candidate in candidates {
            logger.debug("identity source", metadata: [
                "source": "\(candidate.source)", "instance": "\(candidate.instanceID ?? "-")",
                "image": "\(candidate.imageVersion ?? "-")", "labels": "\(candidate.labels.count)",
            ])
        }
        return candidates
    }

    /// Parses `k=v,k=v` (spaces around items trimmed, empty items ignored); `origin` names the input in errors.
    public static func parseLabels(_ text: String, origin: String) throws(IdentityResolutionError) -> [String: String] {
        var labels: [String: String] = [:]
        for item in text.split(separator: ",") {
            let pair = IdentityText.trimmed(item)
            if pair.isEmpty { continue }
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw IdentityResolutionError(code: .malformedSource, message: "\(origin): expected k=v,k=v, got item \"\(pair)\"")
            }
            labels[IdentityText.trimmed(pair[..<equals])] = IdentityText.trimmed(pair[pair.index(after: equals)...])
        }
        return labels
    }

    /// The `IILOGS_*` variables of this process's environment.
    public static func processEnvironment() -> [String: String] {
        var environment: [String: String] = [:]
        for name in [instanceIDVariable, imageVersionVariable, labelsVariable] {
            if let value = getenv(name) { environment[name] = String(cString: value) }
        }
        return environment
    }

    /// `gethostname(2)`, nil when unavailable.
    @Sendable public static func systemHostname() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }
}
