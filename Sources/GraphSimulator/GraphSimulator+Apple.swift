import GraphClient
import IntuneAssignCore

// Apple automated device enrollment (issue 31), as the Graph beta reference documents it:
// - `GET /deviceManagement/depOnboardingSettings` lists the Apple tokens; `GET .../{token}/enrollmentProfiles` the
//   profiles under one (`depIOSEnrollmentProfile`, `depMacOSEnrollmentProfile`, with `isDefault`), `GET
//   .../{token}/importedAppleDeviceIdentities` its devices (`serialNumber`, `requestedEnrollmentProfileId`).
// - `POST .../enrollmentProfiles/{id}/updateDeviceProfileAssignment` with `deviceIds` assigns the profile to those
//   devices, by serial number (LIVE: microsoft-graph-docs #16773: serial numbers work, object ids do not), 204. A
//   serial number the token does not hold answers 400 (an assumption: no capture is published).
// - `POST .../enrollmentProfiles/{id}/setDefaultProfile` makes it the token's default for its platform (the
//   token's `defaultIosEnrollmentProfile` / `defaultMacOSEnrollmentProfile`), 204.
extension GraphSimulator {
    /// `/deviceManagement/depOnboardingSettings` and what is under one token.
    func appleTokens(_ method: String, _ rest: [String], _ query: Query, body: [UInt8]) -> HTTPResponse {
        let path = "/deviceManagement/depOnboardingSettings"
        let kind = Kinds.named("appleEnrollmentProfile")!
        if rest.isEmpty, method == "GET" {
            let items = tenantState.appleTokens.map { token -> JSONValue in
                [
                    "@odata.type": "#microsoft.graph.depOnboardingSetting", "id": .string(token.id),
                    "tokenName": .string(token.tokenName),
                ]
            }
            return page(items, query, path: path, context: context("deviceManagement/depOnboardingSettings"))
        }
        guard let token = rest.first,
            tenantState.appleTokens.contains(where: { $0.id.lowercased() == token.lowercased() })
        else {
            return notFound("depOnboardingSetting", rest.first ?? "")
        }
        let under = Array(rest.dropFirst())
        switch (method, under) {
        case ("GET", ["importedAppleDeviceIdentities"]):
            let items = tenantState.appleDevices.filter { $0.token.lowercased() == token.lowercased() }.map {
                device -> JSONValue in
                [
                    "@odata.type": "#microsoft.graph.importedAppleDeviceIdentity", "id": .string(device.serialNumber),
                    "serialNumber": .string(device.serialNumber),
                    "requestedEnrollmentProfileId": device.requestedEnrollmentProfileId.map(JSONValue.string) ?? .null,
                ]
            }
            return page(items, query, path: "\(path)/\(token)/importedAppleDeviceIdentities", context: context("x"))
        case ("GET", ["enrollmentProfiles"]):
            let items = profiles(of: token).map { profileJSON(tenantState.configurations[$0]) }
            return page(items, query, path: "\(path)/\(token)/enrollmentProfiles", context: context("x"))
        case ("GET", let route) where route.count == 2 && route[0] == "enrollmentProfiles":
            guard let index = profile(token, route[1]) else { return notFound(kind.name, route[1]) }
            return ok(profileJSON(tenantState.configurations[index]))
        case ("POST", let route) where route.count == 3 && route[0] == "enrollmentProfiles":
            guard let index = profile(token, route[1]) else { return notFound(kind.name, route[1]) }
            let response: HTTPResponse
            switch route[2] {
            case "updateDeviceProfileAssignment": response = assignSerials(token, route[1], body: body)
            case "setDefaultProfile": response = setDefault(index, of: token)
            default: return badRequest("Resource not found for the segment '\(route[2])'.")
            }
            if (200..<300).contains(response.status) {
                audit(kind, tenantState.configurations[index], method: method, rest: [route[2]])
            }
            return response
        default:
            return error(
                405, "MethodNotAllowed", "\(method) is not simulated on \(path)/\(rest.joined(separator: "/")).")
        }
    }

    /// The indices of the profiles under a token.
    func profiles(of token: String) -> [Int] {
        tenantState.configurations.indices.filter {
            tenantState.configurations[$0].kind == "appleEnrollmentProfile"
                && tenantState.configurations[$0].id.lowercased().hasPrefix(token.lowercased() + "/")
        }
    }

    /// The index of profile `id` under a token.
    func profile(_ token: String, _ id: String) -> Int? {
        profiles(of: token).first { tenantState.configurations[$0].id.lowercased() == "\(token)/\(id)".lowercased() }
    }

    /// A profile as Graph answers it: its own id (without the token's), name, type and whether it is the default.
    func profileJSON(_ profile: SimulatedTenant.Configuration) -> JSONValue {
        let own = String(profile.id.split(separator: "/", maxSplits: 1).last ?? "")
        return [
            "@odata.type": .string(profile.odataType ?? "#microsoft.graph.depIOSEnrollmentProfile"), "id": .string(own),
            "displayName": .string(profile.displayName), "isDefault": .bool(profile.isDefault ?? false),
        ]
    }

    /// `updateDeviceProfileAssignment`: every serial number must be a device of the token.
    func assignSerials(_ token: String, _ profile: String, body: [UInt8]) -> HTTPResponse {
        guard case .object(let pairs)? = parse(body), pairs.map(\.key) == ["deviceIds"],
            case .array(let values) = pairs[0].value
        else {
            return badRequest("The body of updateDeviceProfileAssignment must be { \"deviceIds\": [...] }.")
        }
        var indices: [Int] = []
        for value in values {
            guard let serial = value.stringValue,
                let index = tenantState.appleDevices.firstIndex(where: {
                    $0.token.lowercased() == token.lowercased() && $0.serialNumber.uppercased() == serial.uppercased()
                })
            else {
                return badRequest("Device '\(value.stringValue ?? "?")' is not a device of this token.")
            }
            indices.append(index)
        }
        for index in indices { tenantState.appleDevices[index].requestedEnrollmentProfileId = profile }
        return json(204, nil)
    }

    /// `setDefaultProfile`: the token's default for the profile's platform; the former one stops being it.
    func setDefault(_ index: Int, of token: String) -> HTTPResponse {
        let platform = tenantState.configurations[index].odataType ?? "#microsoft.graph.depIOSEnrollmentProfile"
        for other in profiles(of: token)
        where (tenantState.configurations[other].odataType ?? "#microsoft.graph.depIOSEnrollmentProfile") == platform {
            tenantState.configurations[other].isDefault = other == index
        }
        return json(204, nil)
    }
}
