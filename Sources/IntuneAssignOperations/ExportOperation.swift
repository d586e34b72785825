public import GraphClient
public import IntuneAssignCore

/// `export`: reads the kinds' configurations and assignments and makes the manifests that declare them, file by
/// file (`ManifestExport.files`). Writing them, and reading each back first, is the command line's. It holds
/// nothing but its Graph.
public struct ExportOperation: ReadingOperation {
    /// What was read and the manifests made of it.
    public struct Outcome: Sendable {
        /// The tenant read.
        public var tenant: GUID
        /// One manifest per kind (and the aliases), in order.
        public var files: [ManifestExport.File]

        /// Configurations across the files.
        public var configurations: Int { files.reduce(0) { $0 + $1.manifest.configurations.count } }
        /// Assignments across the files.
        public var assignments: Int {
            files.reduce(0) { $0 + $1.manifest.configurations.reduce(0) { $0 + $1.assignments.count } }
        }
    }

    /// How the tenant is read.
    public let reader: any TenantReader

    /// An operation reading through `reader` (an in-memory tenant, in tests).
    public init(reader: any TenantReader) { self.reader = reader }

    /// Reads `kinds` and makes the manifests, stamped `exportedAt`.
    public func run(
        _ kinds: [Kind], options: ManifestExport.Options, exportedAt: String
    ) async throws(GraphError) -> Outcome {
        let input = try await ManifestExport.read(reader, kinds: kinds, byName: options.byName)
        return Outcome(
            tenant: input.tenant, files: ManifestExport.files(input, options: options, exportedAt: exportedAt))
    }
}
