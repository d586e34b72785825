public import Foundation

/// Runs the built `intune-assign` executable the way a user or a pipeline runs it: as a process, with its exit
/// status, stdout and stderr. Every CLI test goes through this one runner.
public struct CommandRunner: Sendable {
    /// A runner; it holds no state.
    public init() {}

    /// What a run left: exit status and both outputs.
    public struct Run: Sendable {
        /// The exit status.
        public var status: Int32
        /// Everything written to stdout (and stderr, when merged).
        public var stdout: String
        /// Everything written to stderr, unless merged into stdout.
        public var stderr: String
    }

    /// The `intune-assign` executable next to the test bundle.
    public static let executable: URL = {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent(), Repository.url(".build/debug")] {
            let url = candidate.appendingPathComponent("intune-assign")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return Repository.url(".build/debug/intune-assign")
    }()

    /// The environment that signs in to the example tenant (`examples/tenant.json`) served at `url` with its app's
    /// client secret, as a pipeline would.
    public static func exampleSignIn(at url: String) -> [String: String] {
        [
            "AZURE_TENANT_ID": "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11",
            "AZURE_CLIENT_ID": "3c9e2f71-8a4b-4d6e-9f1a-2b7c5d8e0a14",
            "AZURE_CLIENT_SECRET": "simulator-only-not-a-secret", "AZURE_AUTHORITY_HOST": url,
            "INTUNE_ASSIGN_GRAPH_URL": url,
        ]
    }

    /// Starts `intune-assign simulator` with these arguments (`--port 0` added) and waits for the line that gives its
    /// URL; returns the running process (terminate it when done) and the URL.
    public func startSimulator(_ arguments: [String]) throws -> (Process, String) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["simulator"] + arguments + ["--port", "0"]
        process.currentDirectoryURL = Repository.root
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            line += chunk
        }
        let url = String(decoding: line, as: UTF8.self).split(separator: " ").first {
            $0.hasPrefix("http://127.0.0.1:")
        }
        return (process, String(url ?? ""))
    }

    /// Runs `intune-assign` with these arguments in `directory` (the checkout by default).
    public func run(_ arguments: [String], environment: [String: String] = [:], directory: URL = Repository.root) throws
        -> Run
    {
        try run(Self.executable, arguments, environment: environment, directory: directory)
    }

    /// Runs a program with NO_COLOR unset unless given; stderr goes to its own pipe, or into stdout when merged.
    public func run(
        _ program: URL, _ arguments: [String], environment: [String: String], directory: URL = Repository.root,
        mergeOutput: Bool = false
    ) throws -> Run {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "NO_COLOR")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = mergeOutput ? out : err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = mergeOutput ? Data() : err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Changes a simulated tenant file outside its manifests, as an admin in the portal would: applies `manifest` (one
    /// file's YAML) to `tenant` with `intune-assign apply`, and returns the run.
    public func changeOutsideTheManifests(_ manifest: String, tenant: String) throws -> Run {
        let folder = try temporaryFolder(["change.yaml": manifest])
        defer { try? FileManager.default.removeItem(at: folder) }
        return try run(["apply", folder.path, "--simulate", tenant, "--auto-approve"])
    }

    /// A new folder under the temporary directory holding these files (relative path → text).
    public func temporaryFolder(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("validate-\(UUID().uuidString)")
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    /// Runs the command under a pseudo-terminal (util-linux `script`), where stderr is a terminal.
    public func runOnTerminal(_ command: String, environment: [String: String] = [:]) throws -> Run {
        try run(
            URL(fileURLWithPath: "/bin/sh"),
            ["-c", "exec script -qec \"$0\" /dev/null", "\(Self.executable.path) \(command)"],
            environment: environment, mergeOutput: true)
    }

    /// Whether util-linux `script` is here to give a command a pseudo-terminal.
    public static let scriptAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/script")
}
