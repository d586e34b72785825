import IntuneAssignCore
import Testing

/// `Reach`: what each change newly reaches and stops reaching, at most; filters narrow devices only when Intune
/// evaluated them; a target not counted makes the bound unknown, never zero, and a limit it cannot check is not met.
@Suite struct ReachTests {
    static let staff = GUID("0b9f3c1e-7a24-4d6b-8c15-3e2a9f7d1b40")!
    static let laptops = GUID("5e8a1c3d-2b4f-4a6c-9d7e-0f1a2b3c4d5e")!
    static let glass = GUID("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d")!
    static let corporate = GUID("53b3ae67-93fe-54ab-a64b-32c80e5bfb5c")!
    static let kind = Kinds.named("deviceConfiguration")!

    static let counts = Reach.Counts(
        groups: [
            staff: Reach.Count(users: 400, devices: 0), laptops: Reach.Count(users: 0, devices: 250),
            glass: Reach.Count(users: 2, devices: 0),
        ],
        allUsers: 1_000, allDevices: 900, filters: [corporate: 120])

    static func change(_ action: PlannedChange.Action, _ target: ResolvedTarget, filter: ResolvedFilter? = nil)
        -> PlannedChange
    {
        let assignment = PlannedAssignment(target: target, filter: filter)
        return PlannedChange(
            action: action, before: action == .add ? nil : assignment, after: action == .remove ? nil : assignment,
            reasons: [])
    }

    static func plan(_ changes: [PlannedChange]) -> Plan {
        let configuration = ConfigurationPlan(
            kind: kind, id: ConfigurationID(GUID("3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93")!), mode: .authoritative,
            changes: changes, calls: [.assign([])])
        return Plan(
            tenant: GUID("6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11")!, graphRoot: "https://graph.microsoft.com",
            manifestDigest: "d", configurations: [configuration])
    }

    @Test func additionsRemovalsExclusionsAndUpdatesBoundWhatIsReached() {
        let reach = Reach(counts: Self.counts)
        let plan = Self.plan([
            Self.change(.add, .group(Self.staff)),
            Self.change(.add, .exclusionGroup(Self.glass)),
            Self.change(.remove, .group(Self.laptops)),
            Self.change(.update, .allDevices, filter: ResolvedFilter(mode: .include, id: Self.corporate)),
            Self.change(.unchanged, .allUsers),
        ])
        let bounds = reach.bounds(plan)
        // Staff newly; an exclusion added stops reaching; a removal stops; an update may do both, up to the
        // devices the filter matches (120 of 900); a kept assignment reaches no one new.
        #expect(bounds.newly == Reach.Side(users: 400, devices: 120))
        #expect(bounds.stops == Reach.Side(users: 2, devices: 250 + 120))
        #expect(bounds.largest == 400)
    }

    @Test func filtersNarrowOnlyWhenEvaluatedAndIncluding() {
        let reach = Reach(counts: Self.counts)
        let unevaluated = GUID("2c4e6a8b-0d1f-4e3a-b5c7-d9e1f3a5b7c9")!
        #expect(
            reach.count(
                PlannedAssignment(target: .allDevices, filter: ResolvedFilter(mode: .exclude, id: Self.corporate)))
                == Reach.Count(users: 0, devices: 900))
        #expect(
            reach.count(PlannedAssignment(target: .allDevices, filter: ResolvedFilter(mode: .include, id: unevaluated)))
                == Reach.Count(users: 0, devices: 900))
        // All users reaches its users' devices: as many as Intune holds, at most.
        #expect(reach.count(PlannedAssignment(target: .allUsers)) == Reach.Count(users: 1_000, devices: 900))
    }

    @Test func aTargetNotCountedMakesTheBoundUnknownAndTheLimitUnmet() {
        let plan = Self.plan([
            Self.change(.add, .group(Self.staff)), Self.change(.add, .collection("NWT00014")),
            Self.change(.add, .group(GUID("9d4b6e21-3c5a-4e7f-8a9b-1c2d3e4f5a6b")!)),
        ])
        let reach = Reach(counts: Self.counts, limit: 10_000)
        #expect(reach.bounds(plan).newly == Reach.Side(users: 400, devices: 0, uncounted: 2))
        #expect(reach.bounds(plan).largest == nil)
        #expect(reach.isAboveLimit(plan))
        #expect(!Reach(counts: Self.counts).isAboveLimit(plan), "no limit, nothing to be above")
    }

    @Test func theLimitComparesTheLargerOfUsersAndDevicesAddedOrRemoved() {
        let removal = Self.plan([Self.change(.remove, .group(Self.laptops))])
        #expect(Reach(counts: Self.counts, limit: 250).isAboveLimit(removal) == false)
        #expect(Reach(counts: Self.counts, limit: 249).isAboveLimit(removal), "removals count as additions do")
    }
}
