public import Foundation
public import IntuneAssignCore

/// A real JSON Schema validator (Python's `jsonschema`, Draft 2020-12) for checking our schemas against
/// instances. CI installs it and sets INTUNE_ASSIGN_REQUIRE_SCHEMA_CHECK=1, so that the checks cannot skip there.
public enum PythonJSONSchema {
    /// Whether python3 with the jsonschema package is here.
    public static let available: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import jsonschema"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Whether the schema checks must run (CI sets INTUNE_ASSIGN_REQUIRE_SCHEMA_CHECK=1).
    public static let required = ProcessInfo.processInfo.environment["INTUNE_ASSIGN_REQUIRE_SCHEMA_CHECK"] == "1"

    /// Whether to run the schema checks: when the validator is there, and always when CI requires them.
    public static var enabled: Bool { available || required }

    /// For each instance, "accepts" or "rejects", in order; the schema itself is checked first.
    public static func verdicts(schema: URL, instances: [JSONValue]) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (index, instance) in instances.enumerated() {
            let path = folder.appendingPathComponent("\(index).json").path
            try Data(instance.serialized().utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let script = """
            import json, sys, jsonschema
            schema = json.load(open(sys.argv[1]))
            jsonschema.Draft202012Validator.check_schema(schema)
            validator = jsonschema.Draft202012Validator(schema)
            for path in sys.argv[2:]:
                errors = list(validator.iter_errors(json.load(open(path))))
                print("accepts" if not errors else "rejects")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, schema.path] + paths
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return [] }
        return output.split(separator: "\n").map(String.init)
    }
}
