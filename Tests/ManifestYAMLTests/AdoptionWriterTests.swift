import IntuneAssignCore
import ManifestYAML
import Testing

/// `AdoptionWriter`: only the edited lists' lines change, byte for byte; what it cannot edit safely is refused with
/// the place and the reason.
@Suite struct AdoptionWriterTests {
    static let file = "wifi.yaml"
    static let wifi = ConfigurationKey(
        kind: Kinds.named("deviceConfiguration")!, id: ConfigurationID(GUID("3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93")!))

    /// A location in the test file.
    static func at(_ line: Int, _ column: Int) -> IntuneAssignCore.SourceLocation {
        IntuneAssignCore.SourceLocation(file: file, line: line, column: column)
    }

    /// An edit of the configuration starting at `line`:`column`.
    static func edit(
        _ line: Int, _ column: Int, drop: [IntuneAssignCore.SourceLocation] = [], append: [Adoption.NewEntry] = [],
        devices: [GUID] = []
    ) -> Adoption.Edit {
        var edit = Adoption.Edit(key: wifi, displayName: "Wi-Fi", configuration: at(line, column))
        edit.replacements = drop.map { Adoption.Replacement(item: $0, entries: []) }
        edit.appended = append
        edit.droppedDevices = devices.map(DeviceID.init)
        return edit
    }

    static func group(_ alias: String, intent: String? = nil, note: String? = nil) -> Adoption.NewEntry {
        Adoption.NewEntry(AssignmentSpec(target: .group(ObjectReference(.alias(alias))), intent: intent), note: note)
    }

    func edited(_ text: String, _ edits: [Adoption.Edit]) throws -> String {
        String(decoding: try AdoptionWriter.edit(file: Self.file, bytes: Array(text.utf8), edits: edits), as: UTF8.self)
    }

    func refusal(_ text: String, _ edits: [Adoption.Edit]) -> String {
        do {
            _ = try AdoptionWriter.edit(file: Self.file, bytes: Array(text.utf8), edits: edits)
            return "no refusal"
        } catch {
            return error.description
        }
    }

    static let manifest = """
        # Wi-Fi for the offices.
        version: 1
        configurations:
          - kind: deviceConfiguration   # Wi-Fi
            id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93
            assignments:
              # everyone on staff
              - group: all-staff     # the big one
                intent: apply
              # contractors, until March
              - group: contractors
                intent: remove

              # pilot ring
              - group: it-pilot
            # trailing comment, outside the list
            devices: []

          - kind: deviceConfiguration
            name: Other
            assignments:
              - group: all-staff

        """

    @Test func dropsAndAppendsOnlyInTheListKeepingEveryOtherByte() throws {
        // Drop the contractors entry (with the comment above it and the blank line after it), keep the rest, append
        // one with a note.
        let text = try edited(
            Self.manifest, [Self.edit(4, 5, drop: [Self.at(11, 9)], append: [Self.group("finance", note: "Finance")])])
        #expect(
            text == """
                # Wi-Fi for the offices.
                version: 1
                configurations:
                  - kind: deviceConfiguration   # Wi-Fi
                    id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93
                    assignments:
                      # everyone on staff
                      - group: all-staff     # the big one
                        intent: apply
                      # pilot ring
                      - group: it-pilot
                      - group: finance  # Finance
                    # trailing comment, outside the list
                    devices: []

                  - kind: deviceConfiguration
                    name: Other
                    assignments:
                      - group: all-staff

                """)
    }

    @Test func aListLeftWithNothingBecomesAnEmptyFlowListAndAnEmptyOneTakesEntries() throws {
        let emptied = try edited(
            Self.manifest, [Self.edit(4, 5, drop: [Self.at(8, 9), Self.at(11, 9), Self.at(15, 9)])])
        // The comment above the first entry went with it; the one outside the list stays.
        #expect(
            emptied.contains(
                """
                    id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93
                    assignments: []
                    # trailing comment, outside the list
                    devices: []
                """), "\(emptied)")
        let emptyWithComment = """
            version: 1
            configurations:
              - kind: deviceConfiguration
                id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93
                assignments: [ ]   # none yet
            """
        let filled = try edited(
            emptyWithComment, [Self.edit(3, 5, append: [Self.group("pilot", intent: "apply"), Self.group("finance")])])
        #expect(
            filled == """
                version: 1
                configurations:
                  - kind: deviceConfiguration
                    id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93
                    assignments:   # none yet
                      - group: pilot
                        intent: apply
                      - group: finance

                """)
    }

    @Test func keepsTheFilesLineBreaksAndAMissingFinalBreak() throws {
        let crlf =
            "version: 1\r\nconfigurations:\r\n- kind: deviceConfiguration\r\n  id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93\r\n"
            + "  assignments:\r\n  - group: a\r\n  - group: b"
        let text = try edited(crlf, [Self.edit(3, 3, drop: [Self.at(6, 5)], append: [Self.group("c")])])
        #expect(
            text == "version: 1\r\nconfigurations:\r\n- kind: deviceConfiguration\r\n"
                + "  id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93\r\n  assignments:\r\n  - group: b\r\n  - group: c\r\n")
    }

    @Test func dropsAutopilotDevicesByValue() throws {
        let text = """
            version: 1
            configurations:
              - kind: windowsAutopilotDeploymentProfile
                id: 1b4c7e2a-9d3f-4a6b-8c1e-5f2d7a9b3c60
                assignments:
                  - group: autopilot-devices
                devices:                  # must carry it
                  - 9a3e5c71-2b8d-4f6a-9c1e-7d3b5a9f1c28
                  - 4D7B2E9A-6C1F-4A3D-8E5B-0F9C2A7D4B16   # the new one
                after: 1
            """
        let result = try edited(text, [Self.edit(3, 5, devices: [GUID("4d7b2e9a-6c1f-4a3d-8e5b-0f9c2a7d4b16")!])])
        #expect(
            result
                == text.replacingOccurrences(
                    of: "      - 4D7B2E9A-6C1F-4A3D-8E5B-0F9C2A7D4B16   # the new one\n", with: ""))
    }

    @Test func writesADeviceGroupValueInPlaceKeepingItsCommentAndRefusesOneOverSeveralLines() throws {
        var edit = Self.edit(2, 5)
        edit.deviceGroup = Adoption.NewDeviceGroup(
            group: .id(GUID("4907956d-97e6-5239-addf-d20030693855")!), note: "Sales")
        let text = "configurations:\n  - kind: configurationPolicy\n    id: x\n    assignments: []\n"
        let flow = text + "    deviceGroup: { name: \"Pilot #1\" }   # the pilot's devices\n"
        #expect(
            try edited(flow, [edit])
                == text + "    deviceGroup: 4907956d-97e6-5239-addf-d20030693855   # the pilot's devices\n")
        #expect(
            try edited(text + "    deviceGroup: none\n", [edit])
                == text + "    deviceGroup: 4907956d-97e6-5239-addf-d20030693855  # Sales\n")
        edit.deviceGroup = Adoption.NewDeviceGroup(group: nil)
        #expect(try edited(text + "    deviceGroup: pilot\n", [edit]) == text + "    deviceGroup: none\n")
        #expect(
            refusal(text + "    deviceGroup:\n      name: Pilot\n", [edit])
                == "wifi.yaml:6:7: `deviceGroup` is written over several lines; write it on one line to adopt drift")
    }

    @Test func refusesWhatItCannotEditSafelyWithThePlaceAndTheReason() {
        let flow = """
            version: 1
            configurations:
              - kind: deviceConfiguration
                id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93
                assignments: [ { group: a }, { group: b } ]
            """
        #expect(
            refusal(flow, [Self.edit(3, 5, append: [Self.group("c")])]).hasPrefix(
                "wifi.yaml:5:18: this list is written in flow style (`[...]`); write it as a block list"))

        let anchored = """
            version: 1
            configurations:
              - kind: deviceConfiguration
                id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93
                assignments:
                  - group: a
                    filter: &corp { include: corporate }
                  - group: b
              - kind: deviceConfiguration
                name: Other
                assignments:
                  - group: c
                    filter: *corp
            """
        let anchor = refusal(anchored, [Self.edit(3, 5, drop: [Self.at(8, 9)])])
        #expect(anchor.hasPrefix("wifi.yaml:7:17: this list holds an anchor"), "\(anchor)")
        let alias = refusal(anchored, [Self.edit(9, 5, append: [Self.group("d")])])
        #expect(alias.hasPrefix("wifi.yaml:12:9: this list holds an alias or a `<<` merge (from line 7)"), "\(alias)")

        let inline = """
            version: 1
            configurations:
              - { kind: deviceConfiguration, id: 3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93, assignments: [] }
            """
        #expect(
            refusal(inline, [Self.edit(3, 5, append: [Self.group("c")])]).hasPrefix(
                "wifi.yaml:3:5: this configuration is written in flow style"))

        // The configuration moved since the file was read.
        #expect(
            refusal(Self.manifest, [Self.edit(5, 5, append: [Self.group("c")])]).hasPrefix(
                "wifi.yaml:5:5: no configuration starts here any more"))
    }
}
