import IntuneAssignCore
import Testing

/// The one mapping between manifest targets and what each kind stores (field-notes §5), both ways.
@Suite struct TargetMappingTests {
    static let filter = ResolvedFilter(mode: .include, id: GUID("2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9")!)

    /// A group target in Graph's shape, with a filter.
    static func groupTarget(_ id: GUID, type: TargetType = .group) -> JSONValue {
        [
            "target": [
                "@odata.type": .string(type.odataType), "groupId": .string(id.description),
                "deviceAndAppManagementAssignmentFilterId": .string(filter.id.description),
                "deviceAndAppManagementAssignmentFilterType": "include",
            ]
        ]
    }

    @Test(arguments: Kinds.all.filter { $0.targets.groupForm != .cloudPC })
    func virtualGroupsReadAsAllUsersAndAllDevicesWithTheirFilter(_ kind: Kind) {
        for virtual in VirtualGroup.allCases {
            let read = PlannedAssignment(graph: Self.groupTarget(virtual.id), kind: kind)
            #expect(read?.target == (virtual == .allUsers ? .allUsers : .allDevices))
            #expect(read?.filter == Self.filter)
            // An exclusion of a virtual group is not managed: shown and left as it is.
            #expect(PlannedAssignment(graph: Self.groupTarget(virtual.id, type: .exclusionGroup), kind: kind) == nil)
        }
    }

    @Test(arguments: Kinds.all.filter { $0.accepts(.allUsers) })
    func allUsersIsWrittenAsTheKindStoresItAndReadsBackTheSame(_ kind: Kind) {
        let intent = kind.intent.map { $0.values[0] }
        let wanted = PlannedAssignment(target: .allUsers, filter: Self.filter, intent: intent)
        let body = wanted.graphBody(kind)
        if kind.targets.allUsersForm == .virtualGroup {
            #expect(body["target"]?["@odata.type"]?.stringValue == TargetType.group.odataType)
            #expect(body["target"]?["groupId"]?.stringValue == VirtualGroup.allUsers.id.description)
        } else {
            #expect(body["target"]?["@odata.type"]?.stringValue == TargetType.allUsers.odataType)
        }
        #expect(body["target"]?["deviceAndAppManagementAssignmentFilterType"]?.stringValue == "include")
        #expect(PlannedAssignment(graph: body, kind: kind) == wanted)
    }

    @Test func onlyEnrollmentConfigurationsWindows365TermsAndAppleEnrollmentTakeIncludesOnly() {
        #expect(
            Kinds.all.filter(\.targets.includesOnly).map(\.name) == [
                "deviceEnrollmentConfiguration", "cloudPcProvisioningPolicy", "cloudPcUserSetting",
                "termsAndConditions", "appleUserInitiatedEnrollmentProfile",
            ])
        let kind = Kinds.named("deviceEnrollmentConfiguration")!
        let held = Self.groupTarget(GUID("7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b")!, type: .exclusionGroup)
        #expect(UnmanagedAssignment(graph: held).isUnsupported(by: kind))
        #expect(PlannedAssignment(graph: held, kind: kind) == nil)
        #expect(!UnmanagedAssignment(graph: held).isUnsupported(by: Kinds.named("deviceConfiguration")!))
    }

    /// Windows 365's group target reads as a group and is written back as Windows 365's type, without filter
    /// properties; one that names a service plan or a Frontline allotment is not modelled (kept as it is).
    @Test(arguments: Kinds.all.filter { $0.targets.groupForm == .cloudPC })
    func windows365GroupTargetsRoundTripAndSharedOnesAreKept(_ kind: Kind) {
        let group = GUID("7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b")!
        let wanted = PlannedAssignment(target: .group(group))
        let body = wanted.graphBody(kind)
        #expect(
            body["target"]
                == ["@odata.type": .string(TargetType.cloudPCGroupODataType), "groupId": .string(group.description)])
        #expect(PlannedAssignment(graph: body, kind: kind) == wanted)
        let shared: JSONValue = [
            "id": "p_7c2e4a90-1d3b-4f5e-a6c7-8b9d0e1f2a3b",
            "target": [
                "@odata.type": "microsoft.graph.cloudPcManagementGroupAssignmentTarget",
                "groupId": .string(group.description), "servicePlanId": "057efbfe-a95d-4263-acb0-12b4a31fed8d",
                "allotmentDisplayName": "Shift A", "allotmentLicensesCount": 10,
            ],
        ]
        #expect(PlannedAssignment(graph: shared, kind: kind) == nil)
        // Intune's own group target is not what these kinds hold: not read as theirs.
        #expect(PlannedAssignment(graph: Self.groupTarget(group), kind: kind) == nil)
    }
}
