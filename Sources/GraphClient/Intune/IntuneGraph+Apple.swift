import IntuneAssignCore

extension IntuneGraph {
    /// The reads that say which serial numbers carry these Apple enrollment profiles: each token's
    /// `importedAppleDeviceIdentities` (the documented list; `requestedEnrollmentProfileId` names the profile a device
    /// is assigned), once per token, every page.
    static func appleDeviceReads(_ keys: [ConfigurationKey]) -> (tokens: [String], reads: [CollectionRead]) {
        var tokens: [String] = []
        for key in keys {
            if let token = key.id.nestedParts?.parent, !tokens.contains(token) { tokens.append(token) }
        }
        let kind = keys.first?.kind
        let path = kind?.graph.parent?.path ?? "/deviceManagement/depOnboardingSettings"
        return (tokens, tokens.map { CollectionRead("\(path)/\($0)/importedAppleDeviceIdentities", kind: kind) })
    }

    /// Which serial numbers carry each profile, and every serial number the tokens list, from those reads.
    static func appleDevices(_ keys: [ConfigurationKey], tokens: [String], lists: [[JSONValue]]) -> (
        carrying: [ConfigurationKey: [DeviceID]], serials: Set<DeviceID>
    ) {
        var byProfile: [String: [DeviceID]] = [:]
        var serials = Set<DeviceID>()
        for (token, devices) in zip(tokens, lists) {
            for device in devices {
                guard let serial = device["serialNumber"]?.stringValue.flatMap({ DeviceID(serial: $0) }) else {
                    continue
                }
                serials.insert(serial)
                if let profile = device["requestedEnrollmentProfileId"]?.stringValue, !profile.isEmpty {
                    byProfile["\(token)/\(profile.lowercased())", default: []].append(serial)
                }
            }
        }
        var carrying: [ConfigurationKey: [DeviceID]] = [:]
        for key in keys { carrying[key] = (byProfile[key.id.description.lowercased()] ?? []).sorted() }
        return (carrying, serials)
    }

    /// Whether each Apple enrollment profile is its token's default: `GET` of the profile, batched (`isDefault`,
    /// depEnrollmentBaseProfile); a profile that does not say is not the default.
    func appleDefaults(_ keys: [ConfigurationKey]) async throws(GraphError) -> [ConfigurationKey: Bool] {
        var defaults: [ConfigurationKey: Bool] = [:]
        for (key, object) in try await objects(keys) { defaults[key] = object["isDefault"] == .bool(true) }
        return defaults
    }
}
