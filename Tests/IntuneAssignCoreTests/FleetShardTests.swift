import IntuneAssignCore
import Testing

/// `--shard I/N`: every tenant in exactly one shard, the same one on every run and in any order of the fleet file.
@Suite struct FleetShardTests {
    /// A fleet of `count` tenants with deterministic ids (and one by domain).
    func fleet(_ count: Int) -> Fleet {
        var tenants = (0..<count).map { number in
            FleetTenant(
                name: "t\(number)",
                identity: .id(GUID(high: 0x1000_0000_0000_4000 | UInt64(number), low: 0x8000_0000_0000_0000)))
        }
        tenants.append(FleetTenant(name: "domain", identity: .domain("Fabrikam.onmicrosoft.com")))
        return Fleet(file: "fleet.yaml", tenants: tenants)
    }

    @Test func everyTenantIsInExactlyOneShardWhateverTheOrder() throws {
        let fleet = fleet(200)
        var reversed = fleet
        reversed.tenants.reverse()
        for count in [1, 2, 3, 7] {
            var seen: [String] = []
            for index in 1...count {
                let shard = try Shard.parse("\(index)/\(count)").get()
                let names = shard.tenants(of: fleet).map(\.name)
                seen += names
                #expect(Set(shard.tenants(of: reversed).map(\.name)) == Set(names))
                // Spread: no shard of 201 tenants is empty or holds nearly all.
                #expect(count == 1 || (5..<(201 * 3 / count)).contains(names.count))
            }
            #expect(seen.sorted() == fleet.tenants.map(\.name).sorted())
        }
    }

    @Test func theHashIsFixedAcrossRunsAndCaseOfDomains() {
        // Fixed values (FNV-1a of "a" is 0xaf63dc4c8601ec8c): if these change, CI matrices would move tenants
        // between jobs from one version to the next.
        #expect(Shard.part(of: .domain("a"), count: 1_000_003) == 783_676)
        #expect(Shard.part(of: .domain("fabrikam.onmicrosoft.com"), count: 4) == 1)
        #expect(
            Shard.part(of: .domain("FABRIKAM.onmicrosoft.com"), count: 1_000)
                == Shard.part(of: .domain("fabrikam.onmicrosoft.com"), count: 1_000))
    }

    @Test func badShardsAreRefusedWithWhatToWrite() throws {
        #expect(throws: ShardError("shard 0/4 does not exist; shards are numbered 1 to 4")) {
            try Shard.parse("0/4").get()
        }
        #expect(throws: ShardError("shard 5/4 does not exist; shards are numbered 1 to 4")) {
            try Shard.parse("5/4").get()
        }
        #expect(throws: ShardError("a fleet splits into 1 or more shards, not 0")) { try Shard.parse("1/0").get() }
        #expect(throws: ShardError("'2of4' is not a shard; write I/N, such as 2/4")) { try Shard.parse("2of4").get() }
        #expect(try Shard.parse("2/4").get().description == "2/4")
    }
}
