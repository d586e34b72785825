/// Intune's virtual groups: All users and All devices written as group targets with fixed ids
/// (shared/graph/field-notes.md §5). App protection stores All users only this way; other tools write them this way
/// for other kinds too, and the ids appear inside assignment ids. They are no Entra groups: never looked up.
public enum VirtualGroup: Hashable, Sendable, CaseIterable {
    case allUsers
    case allDevices

    /// The virtual group's id (SHIPPED: CIPP for All users; Intuneomator for All devices on shell scripts).
    public var id: GUID {
        switch self {
        case .allUsers: GUID(high: 0xacac_acac_9df4_4c7d, low: 0x9d50_4ef0_226f_57a9)
        case .allDevices: GUID(high: 0xadad_adad_808e_44e2, low: 0x905a_0b78_73a8_a531)
        }
    }

    /// The target it stands for.
    public var target: ResolvedTarget {
        switch self {
        case .allUsers: .allUsers
        case .allDevices: .allDevices
        }
    }

    /// The manifest key that says it (`allUsers`, `allDevices`).
    public var manifestKey: String { target.type.manifestKey }

    /// The virtual group with this id, if it is one.
    public init?(id: GUID) {
        guard let match = Self.allCases.first(where: { $0.id == id }) else { return nil }
        self = match
    }
}
