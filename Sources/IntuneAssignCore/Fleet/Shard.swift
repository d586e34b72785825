/// `--shard I/N`: one of N parts of a fleet, chosen by a stable hash of each tenant's identity, so that every CI
/// job of a matrix takes its own tenants, the same ones on every run, whatever the order of the fleet file.
public struct Shard: Hashable, Sendable, CustomStringConvertible {
    /// Which part, from 1.
    public let index: Int
    /// How many parts.
    public let count: Int

    /// `I/N` with 1 ≤ I ≤ N; otherwise a sentence that says what is wrong.
    public static func parse(_ text: String) -> Result<Shard, ShardError> {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            return .failure(ShardError("'\(text)' is not a shard; write I/N, such as 2/4"))
        }
        guard count >= 1 else { return .failure(ShardError("a fleet splits into 1 or more shards, not \(count)")) }
        guard (1...count).contains(index) else {
            return .failure(ShardError("shard \(index)/\(count) does not exist; shards are numbered 1 to \(count)"))
        }
        return .success(Shard(index: index, count: count))
    }

    /// The tenants of this shard, in the fleet's order.
    public func tenants(of fleet: Fleet) -> [FleetTenant] {
        fleet.tenants.filter { Self.part(of: $0.identity, count: count) == index }
    }

    /// The part (from 1) a tenant falls in: FNV-1a (64-bit) of its identity's lower-case text, modulo `count`.
    /// FNV-1a, not Swift's `Hasher`, because `Hasher` is seeded anew in every process.
    public static func part(of identity: FleetTenant.Identity, count: Int) -> Int {
        let text: String
        switch identity {
        case .id(let id): text = id.description
        case .domain(let domain): text = domain.lowercased()
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(count)) + 1
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}

/// Why a `--shard` value was refused.
public struct ShardError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The sentence for the user.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
