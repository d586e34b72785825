public import Foundation
import IntuneAssignCore

extension SimulatedTenant {
    /// A tenant file that cannot be used, with every problem found.
    public struct FileError: Error, CustomStringConvertible {
        /// Every problem found, one per line.
        public let problems: [String]
        /// The problems, one per line.
        public var description: String { problems.joined(separator: "\n") }
    }

    /// Reads a tenant file and checks it (`problems()`); refuses it with every problem listed.
    public static func load(_ data: Data) throws(FileError) -> SimulatedTenant {
        var tenant: SimulatedTenant
        // The configurations' assignments (free-form JSON, most of a big file) are read by the JSON parser; through
        // Codable, every leaf costs thrown errors (a tenant of 300 configurations took 10 ms). The rest goes through
        // Codable, for its checks and messages; a file the split does not fit goes through Codable whole.
        let (slim, assignments) = splitAssignments(data)
        do {
            tenant = try JSONDecoder().decode(SimulatedTenant.self, from: slim)
        } catch let DecodingError.keyNotFound(key, context) {
            throw FileError(problems: ["missing `\(key.stringValue)` at \(path(context.codingPath))"])
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw FileError(problems: ["\(context.debugDescription) at \(path(context.codingPath))"])
        } catch {
            throw FileError(problems: ["not a JSON tenant file: \(error)"])
        }
        if let assignments, assignments.count == tenant.configurations.count {
            for (index, list) in assignments.enumerated() { tenant.configurations[index].assignments = list }
        }
        let problems = tenant.problems()
        guard problems.isEmpty else { throw FileError(problems: problems) }
        return tenant
    }

    /// The file without its configurations' `assignments`, and those assignments per configuration (keys sorted, as
    /// Codable gives them); the file as it is and `nil` when it is not an object of configuration objects whose
    /// `assignments` are arrays.
    static func splitAssignments(_ data: Data) -> (Data, [[JSONValue]]?) {
        guard case .object(var root)? = try? JSONValue.parse([UInt8](data)),
            let index = root.firstIndex(where: { $0.key == "configurations" }),
            case .array(var configurations) = root[index].value
        else { return (data, nil) }
        var lists: [[JSONValue]] = []
        for position in configurations.indices {
            guard case .object(var pairs) = configurations[position] else { return (data, nil) }
            if let found = pairs.firstIndex(where: { $0.key == "assignments" }) {
                guard case .array(let values) = pairs[found].value else { return (data, nil) }
                lists.append(values.map { $0.sortingKeys() })
                pairs.remove(at: found)
            } else {
                lists.append([])
            }
            configurations[position] = .object(pairs)
        }
        root[index].value = .array(configurations)
        return (Data(JSONValue.object(root).serialized().utf8), lists)
    }

    /// A coding path as `groups[2].id`, for problems in a tenant file.
    private static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
    }

    /// The tenant as a file: indented, keys sorted, so that saving the same tenant gives the same bytes.
    public func fileData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// What makes the tenant unusable: unknown kinds, ids in the wrong form or used twice, assignments without a
    /// known target, devices carrying profiles that do not exist.
    public func problems() -> [String] {
        var problems: [String] = []
        if GUID(tenantId) == nil { problems.append("tenantId '\(tenantId)' is not a GUID") }
        /// The ids of one list of directory objects, each a GUID used once.
        func uniqueGUIDs(_ ids: [String], _ section: String) -> Set<GUID> {
            var seen = Set<GUID>()
            for (index, text) in ids.enumerated() {
                guard let id = GUID(text) else {
                    problems.append("\(section)[\(index)]: id '\(text)' is not a GUID")
                    continue
                }
                if !seen.insert(id).inserted { problems.append("\(section)[\(index)]: id \(id) is used twice") }
            }
            return seen
        }
        _ = uniqueGUIDs(groups.map(\.id), "groups")
        let filterIDs = uniqueGUIDs(assignmentFilters.map(\.id), "assignmentFilters")
        var configurationIDs = Set<String>()
        for (index, configuration) in configurations.enumerated() {
            let place = "configurations[\(index)] (\(configuration.displayName))"
            guard let kind = Kinds.named(configuration.kind) else {
                problems.append("\(place): unknown kind '\(configuration.kind)'")
                continue
            }
            guard let id = ConfigurationID(configuration.id, form: kind.idForm) else {
                problems.append("\(place): id '\(configuration.id)' is not a \(kind.name) id")
                continue
            }
            if !configurationIDs.insert("\(kind.name) \(id)").inserted {
                problems.append("\(place): \(kind.name) id \(id) is used twice")
            }
            if configuration.priority != nil, !kind.defaultConfigurationsUnassignable {
                problems.append("\(place): only enrollment configurations have a priority")
            }
            for (position, assignment) in configuration.assignments.enumerated() {
                let at = "\(place).assignments[\(position)]"
                guard assignment["id"]?.stringValue != nil else {
                    problems.append("\(at): needs an `id`")
                    continue
                }
                guard
                    let type = assignment["target"]?["@odata.type"]?.stringValue.flatMap({
                        GraphSimulator.targetType($0, kind)
                    })
                else {
                    problems.append("\(at): needs a `target` with a known `@odata.type`")
                    continue
                }
                if type == .group || type == .exclusionGroup,
                    assignment["target"]?["groupId"]?.stringValue.flatMap(GUID.init) == nil
                {
                    problems.append("\(at): a group target needs `groupId`")
                }
                if let filter = assignment["target"]?["deviceAndAppManagementAssignmentFilterId"]?.stringValue,
                    let id = GUID(filter), id != .zero, !filterIDs.contains(id)
                {
                    problems.append("\(at): filter \(id) is not in assignmentFilters")
                }
            }
        }
        let profiles = Set(
            configurations.filter { $0.kind == "windowsAutopilotDeploymentProfile" }.map { $0.id.lowercased() })
        for (index, device) in autopilotDevices.enumerated() {
            if GUID(device.id) == nil { problems.append("autopilotDevices[\(index)]: id '\(device.id)' is not a GUID") }
            if let profile = device.deploymentProfileId, !profiles.contains(profile.lowercased()) {
                problems.append("autopilotDevices[\(index)]: deployment profile \(profile) is not in configurations")
            }
        }
        return problems
    }
}
