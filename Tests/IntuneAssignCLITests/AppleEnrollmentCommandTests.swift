import Foundation
import TestSupport
import Testing

/// Apple automated device enrollment profiles end to end with the built binary, on the example's "Corporate iPhones"
/// profile under its Apple token: a serial number added and the profile made the token's default, applied from a
/// saved plan and planned again to "No changes", in-process and over loopback; and what is refused before anything is
/// written, each at its place.
@Suite struct AppleEnrollmentCommandTests {
    let cli = CommandRunner()
    static let profile = "a9c3e5f7-1b2d-4e6f-8a0c-2e4f6a8c0e13/5b7d9f1a-3c5e-4a7b-9d1f-3a5c7e9b1d24"
    static let target = ["--target", "appleEnrollmentProfile/\(profile)"]
    static let path =
        "/deviceManagement/depOnboardingSettings/a9c3e5f7-1b2d-4e6f-8a0c-2e4f6a8c0e13/enrollmentProfiles/"
        + "5b7d9f1a-3c5e-4a7b-9d1f-3a5c7e9b1d24"

    /// A copy of the example manifests and tenant, with the profile's `devices:` line as `devices` (when given).
    func workspace(devices: String? = nil) throws -> (folder: URL, manifests: URL, tenant: String) {
        let (folder, manifests, tenant) = try cli.exampleCopy("apple")
        if let devices {
            let file = manifests.appendingPathComponent("enrollment.yaml")
            let text = try String(contentsOf: file, encoding: .utf8)
            let line = "    devices: [ F2LXK0XXHG7F, F2LXK0XXHG7G ]"
            #expect(text.contains(line))
            try text.replacingOccurrences(of: line, with: devices).write(to: file, atomically: true, encoding: .utf8)
        }
        return (folder, manifests, tenant)
    }

    @Test(arguments: SimulatorPlace.allCases)
    func aSerialNumberAndTheDefaultAreAppliedAndConverge(_ place: SimulatorPlace) throws {
        let (folder, manifests, tenant) = try workspace(
            devices: "    devices: [ F2LXK0XXHG7F, F2LXK0XXHG7G, c02zk1xxmd6t ]")
        defer { try? FileManager.default.removeItem(at: folder) }
        // In Apple Business Manager's terms: another profile was made the default since.
        try cli.editConfiguration(tenant, id: Self.profile) { $0["isDefault"] = false }
        let (simulate, environment, server) = try cli.simulating(tenant, place)
        defer { server?.terminate() }

        let (file, plan) = try cli.planSaved(
            manifests.path, Self.target, into: folder, simulate: simulate, environment: environment)
        #expect(
            plan.stdout.contains(
                """
                ~ appleEnrollmentProfile "Corporate iPhones" (\(Self.profile))
                    + serial number C02ZK1XXMD6T
                    + the default profile of its Apple token
                    → POST \(Self.path)/updateDeviceProfileAssignment with 1 serial number
                    → POST \(Self.path)/setDefaultProfile

                Plan: 1 configuration to change (2 to add, 0 to update, 0 to remove), 2 Graph calls.

                """), "\(plan.stdout)")
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        #expect(saved.contains("\"deviceIds\": [\n"))
        #expect(saved.contains("\"C02ZK1XXMD6T\""))
        try cli.expectAppliedAndConverged(
            file, manifests.path, Self.target, simulate: simulate, environment: environment)
    }

    @Test func whatCannotBeRightIsRefusedAtItsPlaceAndNothingIsWritten() throws {
        // A serial number the token does not hold: the plan stops there.
        let (folder, manifests, tenant) = try workspace(devices: "    devices: [ F2LXK0XXHG7F, C02ZK1XXMD6Z ]")
        defer { try? FileManager.default.removeItem(at: folder) }
        let before = try Data(contentsOf: URL(fileURLWithPath: tenant))
        let apply = try cli.run(["apply", manifests.path, "--simulate", tenant, "--auto-approve"] + Self.target)
        #expect(apply.status == 1)
        let file = manifests.appendingPathComponent("enrollment.yaml").path
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let line =
            try #require(text.components(separatedBy: "\n").firstIndex { $0.contains("kind: appleEnrollmentProfile") })
            + 1
        #expect(
            apply.stderr.contains(
                "\(file):\(line):5: error: serial number C02ZK1XXMD6Z in `devices:` is not a device of the profile's "
                    + "Apple token"), "\(apply.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: tenant)) == before)

        // Offline: no assignments, no `default: false`, no serial number where a GUID is due and the reverse.
        try
            (text
            .replacingOccurrences(
                of: "    default: true                            # the token's default profile for new iPhones",
                with: "    default: false\n    assignments: []"
            )
            .replacingOccurrences(of: "[ F2LXK0XXHG7F, C02ZK1XXMD6Z ]", with: "[ F2LXK0XXHG7F, F2-LXK ]"))
            .write(toFile: file, atomically: true, encoding: .utf8)
        let validate = try cli.run(["validate", manifests.path])
        #expect(validate.status == 1)
        for expected in [
            "error: an appleEnrollmentProfile has no `assignments`",
            "error: `default: false` cannot be written",
            "error: 'F2-LXK' is not a serial number (8 to 20 letters and digits)",
        ] {
            #expect(validate.stderr.contains(expected), "\(expected)\n\(validate.stderr)")
        }
    }

    @Test func driftInAppleBusinessManagerIsAdoptedIntoItsLines() throws {
        let (folder, manifests, tenant) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Another profile became the default, and one of the devices was moved off this profile.
        try cli.editConfiguration(tenant, id: Self.profile) { $0["isDefault"] = false }
        try cli.editTenant(tenant) { json in
            var devices = json["appleDevices"] as? [[String: Any]] ?? []
            let index = try #require(devices.firstIndex { $0["serialNumber"] as? String == "F2LXK0XXHG7G" })
            devices[index]["requestedEnrollmentProfileId"] = nil
            json["appleDevices"] = devices
        }
        let file = manifests.appendingPathComponent("enrollment.yaml")
        let original = try String(contentsOf: file, encoding: .utf8)
        let run = try cli.run(["export", "--into", manifests.path, "--simulate", tenant] + Self.target)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("): 2 dropped\n"), "\(run.stdout)")
        let adopted = try String(contentsOf: file, encoding: .utf8)
        #expect(
            adopted
                == original
                .replacingOccurrences(
                    of: "    devices: [ F2LXK0XXHG7F, F2LXK0XXHG7G ]  #", with: "    devices: [ F2LXK0XXHG7F ]  #"
                )
                .replacingOccurrences(
                    of: "    default: true                            # the token's default profile for new iPhones\n",
                    with: ""))
        let plan = try cli.run(["plan", manifests.path, "--simulate", tenant, "--detailed-exitcode"] + Self.target)
        #expect(plan.status == 0, "\(plan.stdout)")
    }
}
