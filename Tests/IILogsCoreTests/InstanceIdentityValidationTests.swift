import Testing
@testable import IILogsCore

@Suite struct InstanceIdentityValidationTests {
    /// The byte-level check against Unicode's own categories, scalar by scalar over the first planes' worth.
    @Test func spacesAndControlsOnBytesMatchUnicodeCategories() {
        var mismatches: [UInt32] = []
        for value in UInt32(0)...0x3_0000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let expected = scalar.properties.generalCategory == .control || scalar == " "
            let text = "i-\(Character(scalar))-x"
            if InstanceIdentity.containsSpaceOrControl(text) != expected { mismatches.append(value) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5).map { String($0, radix: 16) })")
    }

    @Test func validationNamesTheField() {
        #expect(throws: IdentityError(field: "imageVersion", problem: "must not contain spaces or control characters")) {
            try InstanceIdentity(instanceID: "i-1", imageVersion: "v1\u{85}").validate()
        }
        #expect(throws: IdentityError(field: "instanceID", problem: "must not contain spaces or control characters")) {
            try InstanceIdentity(instanceID: "i 1", imageVersion: "v1").validate()
        }
        #expect(throws: Never.self) { try InstanceIdentity(instanceID: "i-ünïcödé-€", imageVersion: "v1.2+build.7").validate() }
    }
}
