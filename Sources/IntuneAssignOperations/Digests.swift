import Crypto
import GraphClient
public import IntuneAssignCore

/// The digests a plan and an apply carry: a digest of the manifest files the plan was made from, and the marker of a
/// write in its Multi Admin Approval justification. (The fingerprint of what was read is `TenantSnapshot`'s.)
public enum Digests {
    /// A digest of manifest files: each path and its bytes, in path order.
    public static func manifests(_ files: [(path: String, bytes: [UInt8])]) -> String {
        var hasher = SHA256()
        for file in files.sorted(by: { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }) {
            // The path and the length end in a NUL, so that no two sets of files hash the same bytes.
            hasher.update(data: Array(file.path.utf8) + [0])
            hasher.update(data: Array(String(file.bytes.count).utf8) + [0])
            hasher.update(data: file.bytes)
        }
        return hex(hasher.finalize())
    }

    /// A digest of one file's bytes (a fleet index records each tenant's plan file by it).
    public static func file(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }

    /// The marker of one exact write, `[intune-assign write 3f9c…]`: 16 hexadecimal digits of the SHA-256 of its
    /// method, path and canonical body. Multi Admin Approval requests are matched to writes by this marker in their
    /// `requestJustification`, a documented property (field-notes §6), never by undocumented ones alone.
    public static func writeMarker(method: String, path: String, body: JSONValue?) -> String {
        let text = method.uppercased() + " " + path + "\n" + (body?.canonicalText ?? "")
        return "[intune-assign write " + String(hex(SHA256.hash(data: Array(text.utf8))).dropFirst(7).prefix(16)) + "]"
    }

    /// The justification a write carries: the person's text, cut to leave room, then the write's marker, within
    /// Graph's 1,024 characters.
    public static func justification(_ text: String, marker: String) -> String {
        let room = ApprovalAnswer.longestJustification - marker.count - 1
        return String(text.prefix(max(0, room))) + " " + marker
    }

    /// `sha256:` and the digest in lower-case hexadecimal.
    static func hex(_ digest: SHA256.Digest) -> String {
        "sha256:" + digest.map { byte in byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }.joined()
    }
}
