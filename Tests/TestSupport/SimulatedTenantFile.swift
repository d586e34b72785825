public import Foundation

/// Where a command test runs the simulator: in the command's own process (`--simulate FILE`), or as a server on
/// loopback that the command signs in to over HTTP.
public enum SimulatorPlace: String, CaseIterable, Sendable {
    case inProcess, loopback
}

extension CommandRunner {
    /// What points a command at the tenant file `tenant` simulated at `place`: the arguments to add, the environment
    /// to run with, and the server to stop afterwards (loopback only).
    public func simulating(_ tenant: String, _ place: SimulatorPlace) throws -> (
        arguments: [String], environment: [String: String], server: Process?
    ) {
        guard place == .loopback else { return (["--simulate", tenant], [:], nil) }
        let (server, url) = try startSimulator(["--tenant", tenant])
        return ([], Self.exampleSignIn(at: url), server)
    }

    /// Edits a tenant file as JSON, as an admin would change the tenant in the portal.
    public func editTenant(_ path: String, _ change: (inout [String: Any]) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        guard var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] else {
            throw CocoaError(.fileReadCorruptFile)
        }
        try change(&json)
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: url)
    }

    /// Edits the configuration `id` of a tenant file.
    public func editConfiguration(_ path: String, id: String, _ change: (inout [String: Any]) -> Void) throws {
        try editTenant(path) { json in
            guard var configurations = json["configurations"] as? [[String: Any]],
                let index = configurations.firstIndex(where: { $0["id"] as? String == id })
            else { throw CocoaError(.fileReadCorruptFile) }
            change(&configurations[index])
            json["configurations"] = configurations
        }
    }
}

extension CommandRunner {
    /// A copy of the example manifests (`manifests/`) and tenant (`tenant.json`) in a fresh temporary folder, for a
    /// test that changes them.
    public func exampleCopy(_ prefix: String) throws -> (folder: URL, manifests: URL, tenant: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        let manifests = folder.appendingPathComponent("manifests")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.url("examples/manifests"), to: manifests)
        let tenant = folder.appendingPathComponent("tenant.json")
        try FileManager.default.copyItem(at: Repository.url("examples/tenant.json"), to: tenant)
        return (folder, manifests, tenant.path)
    }
}
