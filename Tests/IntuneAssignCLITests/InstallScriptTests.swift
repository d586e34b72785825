import Foundation
import TestSupport
import Testing

/// `examples/pipelines/scripts/install.sh`, which the GitHub Action and the Azure Pipelines example run: it installs
/// a release from a folder or a URL only when the checksum and the version check out, and leaves nothing half-done.
@Suite struct InstallScriptTests {
    static let script = URL(fileURLWithPath: "/bin/bash")
    static let arch: String = {
        var info = utsname()
        uname(&info)
        let machine = withUnsafeBytes(of: &info.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return machine == "arm64" ? "aarch64" : machine
    }()

    /// A folder of release files for `version`: a tarball whose `intune-assign` prints `says` for `--version`, and
    /// its checksum file (made wrong with `badChecksum`).
    static func release(_ version: String, says: String? = nil, badChecksum: Bool = false) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("release-\(UUID().uuidString)")
        let name = "intune-assign-\(version)-linux-\(arch)"
        let package = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: package, withIntermediateDirectories: true)
        let binary = package.appendingPathComponent("intune-assign")
        try Data("#!/bin/sh\necho \(says ?? version)\n".utf8).write(to: binary)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary.path)
        let shell = """
            set -e; cd "\(folder.path)"; tar -czf \(name).tar.gz \(name); rm -r \(name)
            sha256sum \(name).tar.gz > \(name).tar.gz.sha256
            \(badChecksum ? "printf '%064d  %s\\n' 0 \(name).tar.gz > \(name).tar.gz.sha256" : "")
            """
        let made = try CommandRunner().run(Self.script, ["-c", shell], environment: [:])
        #expect(made.status == 0, "\(made.stderr)")
        return folder
    }

    /// Runs the install script into a fresh bin folder.
    func install(_ arguments: [String]) throws -> (run: CommandRunner.Run, bin: URL) {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("bin-\(UUID().uuidString)")
        let run = try CommandRunner().run(
            Self.script, ["examples/pipelines/scripts/install.sh", "--to", bin.path] + arguments,
            environment: [
                "GITHUB_PATH": "", "TF_BUILD": "", "INTUNE_ASSIGN_VERSION": "", "INTUNE_ASSIGN_REPOSITORY": "",
            ])
        return (run, bin)
    }

    func installed(_ bin: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: bin.path)) ?? []
    }

    @Test func aReleaseFromAFolderIsInstalledWhenItsChecksumMatches() throws {
        let folder = try Self.release("9.9.9")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (run, bin) = try install(["--version", "v9.9.9", "--from", folder.path])
        defer { try? FileManager.default.removeItem(at: bin) }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("intune-assign 9.9.9 installed at \(bin.path)/intune-assign\n"))
        #expect(installed(bin) == ["intune-assign"])
        #expect(FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("intune-assign").path))
    }

    @Test func aReleaseServedOverLoopbackIsInstalled() throws {
        let folder = try Self.release("9.9.8")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = [
            "python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.path,
        ]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate() }
        let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        let port = try #require(line.firstMatch(of: #/port (\d+)/#)?.output.1)
        let (run, bin) = try install(["--version", "9.9.8", "--from", "http://127.0.0.1:\(port)"])
        defer { try? FileManager.default.removeItem(at: bin) }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(installed(bin) == ["intune-assign"])

        let (missing, empty) = try install(["--version", "9.9.7", "--from", "http://127.0.0.1:\(port)"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("install.sh: version 9.9.7 has no intune-assign-9.9.7-linux-"))
        #expect(installed(empty).isEmpty)
    }

    @Test func aChecksumMismatchOrAnUnknownVersionInstallsNothing() throws {
        let bad = try Self.release("9.9.9", badChecksum: true)
        let lying = try Self.release("9.9.9", says: "1.0.0")
        defer {
            try? FileManager.default.removeItem(at: bad)
            try? FileManager.default.removeItem(at: lying)
        }
        let (mismatch, first) = try install(["--version", "9.9.9", "--from", bad.path])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.contains("does not match its checksum"))
        #expect(mismatch.stderr.contains(": not installed"))
        #expect(installed(first).isEmpty, "nothing half-installed")

        let (unknown, second) = try install(["--version", "9.9.6", "--from", bad.path])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("version 9.9.6 has no intune-assign-9.9.6-linux-\(Self.arch).tar.gz in"))
        #expect(installed(second).isEmpty)

        let (wrong, third) = try install(["--version", "9.9.9", "--from", lying.path])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("says it is version 1.0.0"))
        #expect(installed(third).isEmpty)

        let (none, fourth) = try install(["--from", lying.path])
        #expect(none.status == 1)
        #expect(none.stderr.contains("give --version X.Y.Z"))
        #expect(installed(fourth).isEmpty)
    }
}
