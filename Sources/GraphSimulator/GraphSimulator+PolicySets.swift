import GraphClient
import IntuneAssignCore

// Policy sets (issue 31): a set's own assignments are created and deleted one by one (its `assignments` routes), and
// Intune puts them on every configuration the set holds (its `items`, each a policySetItem whose `payloadId` is the
// member's id), as assignments with `source: policySets` and `sourceId` the set's id (targets.md; Graph reference,
// deviceAndAppManagementAssignmentSource). Those inherited assignments cannot be deleted on the member (400 here;
// the admin center offers no removal). The simulator keeps a set's `items` in the tenant file and, after each write
// to the set, makes every member's inherited assignments from it match the set's: one per set assignment, same
// target; those that already match stay as they are (with their ids). Intune does this in the background; the
// simulator does it at once, so a plan right after an apply already sees it (a real tenant may lag).
extension GraphSimulator {
    /// Makes the inherited assignments of the set at `index`'s members match the set's own assignments.
    func propagatePolicySet(_ index: Int) {
        let set = tenantState.configurations[index]
        guard set.kind == "policySet", let items = set.items else { return }
        let setID = set.id.lowercased()
        let members = Set(items.map { $0.lowercased() })
        for position in tenantState.configurations.indices
        where members.contains(tenantState.configurations[position].id.lowercased()) {
            var assignments = tenantState.configurations[position].assignments
            let fromSet = { (value: JSONValue) in
                value["source"]?.stringValue == "policySets" && value["sourceId"]?.stringValue?.lowercased() == setID
            }
            let wanted = set.assignments.compactMap { $0["target"] }
            // Targets compared as Planner compares them (type and object), which is what a member shows.
            let wantedKeys = Set(wanted.map { Planner.targetKey(["target": $0]) })
            assignments.removeAll { fromSet($0) && !wantedKeys.contains(Planner.targetKey($0)) }
            let present = Set(assignments.filter(fromSet).map(Planner.targetKey))
            let member = tenantState.configurations[position].id
            for target in wanted where !present.contains(Planner.targetKey(["target": target])) {
                let object = target["groupId"]?.stringValue ?? target["@odata.type"]?.stringValue ?? "target"
                var fields: [(key: String, value: JSONValue)] = []
                if case .object(let pairs) = target { fields = pairs }
                if target["deviceAndAppManagementAssignmentFilterType"] == nil {
                    fields += [
                        ("deviceAndAppManagementAssignmentFilterId", .null),
                        ("deviceAndAppManagementAssignmentFilterType", "none"),
                    ]
                }
                assignments.append([
                    "id": .string("\(member)_\(set.id)_\(object)"), "target": .object(fields),
                    "source": "policySets", "sourceId": .string(set.id),
                ])
            }
            tenantState.configurations[position].assignments = assignments
        }
    }
}
