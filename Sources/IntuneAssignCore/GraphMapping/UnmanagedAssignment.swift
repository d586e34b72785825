/// An assignment the tenant holds whose target intune-assign does not model (scope tags, organizational units,
/// Windows 365 targets it keeps as they are, exclusions on includes-only kinds, exclusions of a virtual group):
/// parsed once, here, from Graph's answer. Everything else reads these fields; `graph` is what is stored in a plan
/// file and sent back unchanged when an `assign` replaces the set.
public struct UnmanagedAssignment: Hashable, Sendable {
    /// Graph's answer, as it came.
    public let graph: JSONValue
    /// The target's `@odata.type` as Graph wrote it (`unknown` when absent).
    public let targetType: String
    /// The target's `groupId`, as written, when it has one.
    public let groupID: String?
    /// The target's `collectionId`, when it has one.
    public let collectionID: String?
    /// The policy set that put it there (`source: policySets`, its `sourceId`), when one did.
    public let policySet: String?

    /// An assignment from Graph's JSON.
    public init(graph: JSONValue) {
        self.graph = graph
        let target = graph["target"]
        targetType = target?["@odata.type"]?.stringValue ?? "unknown"
        groupID = target?["groupId"]?.stringValue
        collectionID = target?["collectionId"]?.stringValue
        policySet = graph["source"]?.stringValue == "policySets" ? (graph["sourceId"]?.stringValue ?? "") : nil
    }

    /// The target type without its leading `#`.
    public var targetTypeName: String { targetType.hasPrefix("#") ? String(targetType.dropFirst()) : targetType }

    /// Whether it excludes a group (Intune's exclusion target, whatever the kind).
    public var isExclusion: Bool { TargetType(odataType: targetType) == .exclusionGroup }

    /// Whether `kind` does not support it: an exclusion on a kind that takes includes only. Its effect is unknown;
    /// it is shown with a warning and never sent back in an `assign`.
    public func isUnsupported(by kind: Kind) -> Bool { kind.targets.includesOnly && isExclusion }

    /// The virtual group it names, when it names one.
    public var virtualGroup: VirtualGroup? { groupID.flatMap(GUID.init).flatMap(VirtualGroup.init(id:)) }

    /// As it goes back in an `assign`: without what the server sets.
    public func writable(_ kind: Kind) -> JSONValue {
        guard case .object(let pairs) = graph else { return graph }
        let serverSet = Set(["id", "source", "sourceId", "@odata.context"] + kind.readOnlyAssignmentFields)
        return .object(pairs.filter { !serverSet.contains($0.key) })
    }
}
