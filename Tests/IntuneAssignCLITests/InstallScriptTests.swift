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

    /// Runs the install script into a fresh bin folder. Provenance is not checked unless `gh` names a stand-in
    /// for GitHub's CLI, put first on PATH.
    func install(_ arguments: [String], gh: URL? = nil) throws -> (run: CommandRunner.Run, bin: URL) {
        let bin = FileManager.default.temporaryDirectory.appendingPathComponent("bin-\(UUID().uuidString)")
        var environment = [
            "GITHUB_PATH": "", "TF_BUILD": "", "INTUNE_ASSIGN_VERSION": "", "INTUNE_ASSIGN_REPOSITORY": "",
            "INTUNE_ASSIGN_SHA256": "",
        ]
        if let gh {
            environment["PATH"] = gh.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        }
        let provenance = gh == nil ? ["--no-verify-provenance"] : []
        let run = try CommandRunner().run(
            Self.script, ["examples/pipelines/scripts/install.sh", "--to", bin.path] + provenance + arguments,
            environment: environment)
        return (run, bin)
    }

    /// A folder holding a stand-in `gh` whose `attestation verify` succeeds or fails, and logs its arguments.
    static func fakeGH(verifies: Bool) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let gh = folder.appendingPathComponent("gh")
        try Data(
            """
            #!/bin/sh
            echo "$@" >> "\(folder.path)/calls"
            [ "$1 $2" = "attestation verify" ] || exit 2
            \(verifies ? "echo 'Loaded 1 attestation'" : "echo 'X Verification failed: no matching attestations found' >&2; exit 1")

            """.utf8
        ).write(to: gh)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: gh.path)
        return folder
    }

    /// The SHA-256 of the release's tarball, as its `.sha256` file says.
    static func checksum(_ folder: URL, _ version: String) throws -> String {
        let file = folder.appendingPathComponent("intune-assign-\(version)-linux-\(arch).tar.gz.sha256")
        return String(String(decoding: try Data(contentsOf: file), as: UTF8.self).prefix(64))
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
        #expect(run.stdout.hasPrefix("intune-assign 9.9.9 installed at \(bin.path)/intune-assign (sha256 "))
        #expect(run.stdout.hasSuffix("; provenance not verified (--no-verify-provenance))\n"))
        #expect(run.stderr.contains("checked against the release's own .sha256 only; pin it with --sha256 "))
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

    /// A pinned checksum is the one that counts: a tarball that differs from it is refused even when the release's
    /// own `.sha256` (re-uploaded with it) agrees; several pins (one per architecture) are accepted.
    @Test func aPinnedChecksumRefusesAnyOtherTarball() throws {
        let folder = try Self.release("9.9.9")
        defer { try? FileManager.default.removeItem(at: folder) }
        let right = try Self.checksum(folder, "9.9.9")
        let other = String(repeating: "ab", count: 32)
        let (refused, empty) = try install(["--version", "9.9.9", "--from", folder.path, "--sha256", other])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("has SHA-256 \(right), not the pinned \(other): not installed"))
        #expect(installed(empty).isEmpty)
        let (accepted, bin) = try install([
            "--version", "9.9.9", "--from", folder.path, "--sha256", other, "--sha256", right.uppercased(),
        ])
        defer { try? FileManager.default.removeItem(at: bin) }
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.contains("(sha256 \(right); "))
        #expect(!accepted.stderr.contains("pin it"), "a pinned install needs no hint")
        let (malformed, _) = try install(["--version", "9.9.9", "--from", folder.path, "--sha256", "abc"])
        #expect(malformed.status == 1)
        #expect(malformed.stderr.contains("--sha256 takes 64 hexadecimal digits; not 'abc'"))
    }

    /// With `gh` on PATH, the build-provenance attestation is checked against --repo, and a tarball without a valid
    /// one is not installed.
    @Test func provenanceIsVerifiedWithGhWhenItIsThere() throws {
        let folder = try Self.release("9.9.9")
        let good = try Self.fakeGH(verifies: true)
        let bad = try Self.fakeGH(verifies: false)
        defer { for url in [folder, good, bad] { try? FileManager.default.removeItem(at: url) } }
        let arguments = ["--version", "9.9.9", "--from", folder.path, "--repo", "northwind/intune-assign"]
        let (verified, bin) = try install(arguments, gh: good)
        defer { try? FileManager.default.removeItem(at: bin) }
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.hasSuffix("; provenance verified (northwind/intune-assign))\n"))
        let calls = String(decoding: try Data(contentsOf: good.appendingPathComponent("calls")), as: UTF8.self)
        #expect(calls.hasPrefix("attestation verify "))
        #expect(calls.hasSuffix("/intune-assign-9.9.9-linux-\(Self.arch).tar.gz --repo northwind/intune-assign\n"))

        let (refused, empty) = try install(arguments, gh: bad)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("has no valid build-provenance attestation from northwind/intune-assign"))
        #expect(refused.stderr.contains("no matching attestations found"))
        #expect(installed(empty).isEmpty)
        let (noRepo, _) = try install(["--version", "9.9.9", "--from", folder.path], gh: good)
        #expect(noRepo.status == 1)
        #expect(noRepo.stderr.contains("give --repo OWNER/NAME to verify the build provenance with gh"))
    }

    /// --from takes https, a folder or loopback http; plain http elsewhere, and user info, are refused before any
    /// download.
    @Test(arguments: [
        "http://example.com/releases", "http://127.0.0.1.example.com", "http://127.0.0.1:80@example.com/",
        "ftp://127.0.0.1/", "file:///tmp",
    ])
    func plainHTTPFromAnotherHostIsRefused(_ from: String) throws {
        let (run, bin) = try install(["--version", "9.9.9", "--from", from])
        #expect(run.status == 1)
        #expect(run.stderr.contains("--from takes"), "\(from): \(run.stderr)")
        #expect(installed(bin).isEmpty)
    }
}
