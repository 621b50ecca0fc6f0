import IILogsAgent
import IILogsCore
import Testing

@Suite("IdentityResolver")
struct IdentityResolverTests {
    /// A resolver reading only files in `folder` (which may not exist) and no real environment.
    func resolver(_ folder: InputTestFolder, explicit: IdentityResolver.Explicit = .init(), environment: [String: String] = [:],
                  hostname: String? = "host-1") -> IdentityResolver {
        IdentityResolver(explicit: explicit, environment: environment, bakedFilePath: folder.file("identity"),
                         cloudInitPath: folder.file("instance-data.json"), bootIDPath: folder.file("boot_id"),
                         hostname: { hostname })
    }

    @Test func explicitSettingsWinOverEnvironmentFileAndCloudInit() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        try inputWriteFile(folder.file("identity"), "instance_id=i-file\nimage_version=v-file\nlabel.service=file\nlabel.tier=web\n")
        try inputWriteFile(folder.file("instance-data.json"), #"{"v1": {"instance_id": "i-cloud", "region": "eu-west-1"}}"#)
        try inputWriteFile(folder.file("boot_id"), "3f1c7d0e-0000-4000-8000-000000000001\n")
        let identity = try resolver(folder, explicit: .init(instanceID: "i-flag", imageVersion: "v-flag", labels: ["service": "flag"]),
                                    environment: ["IILOGS_INSTANCE_ID": "i-env", "IILOGS_IMAGE_VERSION": "v-env"])
            .resolve(logger: inputTestLogger)
        #expect(identity.instanceID == "i-flag")
        #expect(identity.imageVersion == "v-flag")
        #expect(identity.bootID == "3f1c7d0e-0000-4000-8000-000000000001")
        #expect(identity.labels == ["service": "flag", "tier": "web", "region": "eu-west-1"])
    }

    @Test func environmentWinsOverTheBakedFile() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        try inputWriteFile(folder.file("identity"), "# baked at image build\nimage_version = v-file\n\nlabel.service=file\n")
        let identity = try resolver(folder, environment: [
            "IILOGS_INSTANCE_ID": "i-env", "IILOGS_IMAGE_VERSION": "v-env", "IILOGS_LABELS": "service=env, zone=a",
        ]).resolve(logger: inputTestLogger)
        #expect(identity.instanceID == "i-env")
        #expect(identity.imageVersion == "v-env")
        #expect(identity.labels == ["service": "env", "zone": "a"])
        #expect(identity.bootID == "")  // boot_id file missing
    }

    @Test func bakedFileThenCloudInitThenHostname() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        try inputWriteFile(folder.file("identity"), "image_version=v42\n")
        try inputWriteFile(folder.file("instance-data.json"), #"{"v1": {"instance_id": "i-0abc", "availability_zone": "b"}, "ds": {}}"#)
        let fromCloudInit = try resolver(folder).resolve(logger: inputTestLogger)
        #expect(fromCloudInit.instanceID == "i-0abc")
        #expect(fromCloudInit.imageVersion == "v42")
        #expect(fromCloudInit.labels == ["zone": "b"])

        try inputWriteFile(folder.file("instance-data.json"), #"{"v1": {}}"#)
        let fromHostname = try resolver(folder, hostname: "web-7").resolve(logger: inputTestLogger)
        #expect(fromHostname.instanceID == "web-7")
    }

    @Test func missingImageVersionNamesTheThreeWaysToSetIt() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let error = #expect(throws: IdentityResolutionError.self) {
            try resolver(folder, explicit: .init(instanceID: "i-1")).resolve(logger: inputTestLogger)
        }
        #expect(error?.code == .missingImageVersion)
        #expect(error?.message.contains("--image") == true)
        #expect(error?.message.contains("IILOGS_IMAGE_VERSION") == true)
        #expect(error?.message.contains(folder.file("identity")) == true)
    }

    @Test func missingInstanceIDWithoutHostnameIsAnError() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let error = #expect(throws: IdentityResolutionError.self) {
            try resolver(folder, explicit: .init(imageVersion: "v1"), hostname: nil).resolve(logger: inputTestLogger)
        }
        #expect(error?.code == .missingInstanceID)
    }

    @Test func malformedSourcesAreErrorsThatNameThem() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let badLabels = #expect(throws: IdentityResolutionError.self) {
            try resolver(folder, environment: ["IILOGS_IMAGE_VERSION": "v1", "IILOGS_LABELS": "a=1,oops"]).resolve(logger: inputTestLogger)
        }
        #expect(badLabels?.code == .malformedSource)
        #expect(badLabels?.message.contains("IILOGS_LABELS") == true)

        try inputWriteFile(folder.file("identity"), "image_version=v1\nimgae_version=v2\n")
        let badKey = #expect(throws: IdentityResolutionError.self) { try resolver(folder).resolve(logger: inputTestLogger) }
        #expect(badKey?.message.contains(folder.file("identity") + ":2") == true)

        try inputWriteFile(folder.file("identity"), "image_version=v1\n")
        try inputWriteFile(folder.file("instance-data.json"), "{not json")
        let badJSON = #expect(throws: IdentityResolutionError.self) { try resolver(folder).resolve(logger: inputTestLogger) }
        #expect(badJSON?.message.contains("instance-data.json") == true)
        #expect(badJSON?.message.contains("JSON at byte 1") == true)
    }

    @Test(arguments: [
        (#"["not", "an", "object"]"#, "not a JSON object"),
        (#"{"v1": "i-0abc"}"#, "\"v1\" is not an object"),
        (#"{"v1": {"instance_id": 42}}"#, "v1.instance_id is not a string"),
        (#"{"v1": {"instance_id": "i-1", "region": ["eu"]}}"#, "v1.region is not a string"),
    ])
    func cloudInitDataOfTheWrongShapeIsAnError(json: String, problem: String) throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        try inputWriteFile(folder.file("identity"), "image_version=v1\n")
        try inputWriteFile(folder.file("instance-data.json"), json)
        let error = #expect(throws: IdentityResolutionError.self) { try resolver(folder).resolve(logger: inputTestLogger) }
        #expect(error?.code == .malformedSource)
        #expect(error?.message.hasSuffix(problem) == true, "\(error?.message ?? "")")
    }

    @Test func cloudInitNullsAndUnknownKeysAreFine() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        try inputWriteFile(folder.file("identity"), "image_version=v1\n")
        try inputWriteFile(folder.file("instance-data.json"),
                           #"{"v1": {"instance_id": "i-9", "region": null, "cloud_name": "aws", "tags": {"a": [1, 2.5, true]}}, "v1": {"instance_id": "i-9"}}"#)
        let identity = try resolver(folder).resolve(logger: inputTestLogger)
        #expect(identity.instanceID == "i-9")
        #expect(identity.labels.isEmpty)
    }

    @Test func invalidIdentityIsRejectedByValidation() throws {
        let folder = try InputTestFolder()
        defer { folder.remove() }
        let error = #expect(throws: IdentityResolutionError.self) {
            try resolver(folder, explicit: .init(instanceID: "has space", imageVersion: "v1")).resolve(logger: inputTestLogger)
        }
        #expect(error?.code == .invalid)
        #expect(error?.message.contains("instanceID") == true)
    }
}
