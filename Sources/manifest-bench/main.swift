import IntuneAssignCore
import ManifestYAML

// Benchmark: load and validate a large manifest, next to a bare libyaml event scan of the same bytes.
//
//     swift run -c release manifest-bench [configurations] [rounds] [--stages] [--only read|decode|assemble|load]
//     swift run -c release manifest-bench --merge-keys [rounds]
//
// --merge-keys times instead a manifest of about 1 MB that leans on YAML merge keys (`<<`): 20 anchored mappings
// of 2,200 keys each, merged ten at a time into 40 others (issue 13: the duplicate-key check across merges must be
// linear; it once ran past 30 s on such a file). The file is not a valid manifest (validate reports its unknown
// keys) but is read whole.
// --stages also times reading (libyaml + node tree), decoding and assembling separately; --only repeats one
// stage alone and nothing else, for a profiler (perf record, valgrind --tool=callgrind).
// Prints figures; it asserts nothing about time (machines are shared and noisy). The ratio is what matters:
// how much the node tree, the decoder and the checks add on top of what libyaml itself costs.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

let arguments = CommandLine.arguments.dropFirst()
let numbers = arguments.compactMap { Int($0) }
let configurationCount = numbers.first ?? 10_000
let rounds = max(1, numbers.dropFirst().first ?? 15)

/// A deterministic id from a number.
func guid(_ n: Int, _ salt: UInt64) -> String {
    GUID(high: salt << 32 | UInt64(n), low: 0x8000_0000_0000_0000 | UInt64(n) &* 2_654_435_761).description
}

/// A realistic manifest: shared aliases, then configurations of five kinds with five assignments each
/// (aliases, ids, exclusions, All users / All devices, filters and intents).
func generate(_ count: Int) -> String {
    var text = "# yaml-language-server: $schema=../schemas/manifest.schema.json\nversion: 1\n"
    text += "tenant: \(guid(1, 0xFEED))\ngroups:\n"
    for index in 0..<50 { text += "  team-\(index): \(guid(index, 0xA11A5))\n" }
    text += "  all-windows: { name: All Windows Devices }\nfilters:\n"
    for index in 0..<5 { text += "  filter-\(index): { name: \"Filter \(index)\" }\n" }
    text += "configurations:\n"
    let kinds = [
        "deviceConfiguration", "configurationPolicy", "mobileApp", "groupPolicyConfiguration",
        "deviceCompliancePolicy",
    ]
    for index in 0..<count {
        let kind = kinds[index % kinds.count]
        let intent = kind == "mobileApp" ? "\n        intent: required" : ""
        text += """
              - kind: \(kind)
                id: \(guid(index, 0xC0F1))
                assignments:
                  - group: team-\(index % 50)
                    filter: { include: filter-\(index % 5) }\(intent)
                  - group: \(guid(index, 0x6A0))\(intent)
                  - exclude: team-\((index + 7) % 50)\(kind == "mobileApp" ? "\n        intent: required" : "")
                  - allUsers: { filter: { exclude: filter-\((index + 1) % 5) }\(kind == "mobileApp" ? ", intent: available" : "") }
                  - group: all-windows\(intent)

            """
    }
    return text
}

/// The merge-key manifest of `--merge-keys`.
func generateMergeKeys(anchors: Int = 20, keys: Int = 2_200, users: Int = 40) -> String {
    var lines = ["version: 1", "x-anchors:"]
    for anchor in 0..<anchors {
        lines.append("  a\(anchor): &a\(anchor)")
        for key in 0..<keys { lines.append("    key\(anchor)_\(key): value\(key)") }
    }
    lines.append("x-users:")
    for user in 0..<users {
        let merged = (0..<anchors).filter { ($0 + user) % 2 == 0 }.map { "*a\($0)" }.joined(separator: ", ")
        lines.append("  - { <<: [\(merged)], own\(user): 1 }")
    }
    return lines.joined(separator: "\n") + "\n"
}

if arguments.contains("--merge-keys") {
    let bytes = Array(generateMergeKeys().utf8)
    let source = ManifestSource(path: "merge.yaml", bytes: bytes)
    let clock = ContinuousClock()
    var samples: [Duration] = []
    var diagnostics = 0
    for _ in 0..<max(1, numbers.first ?? 5) {
        samples.append(clock.measure { diagnostics = ManifestLoader.load([source]).diagnostics.count })
    }
    samples.sort()
    let best = Double(samples[0].components.attoseconds) / 1e15 + Double(samples[0].components.seconds) * 1e3
    print("merge-key manifest: \(bytes.count) bytes, read and checked in \(Int(best)) ms (min of \(samples.count))")
    print("diagnostics: \(diagnostics) (unknown keys; the file is read whole)")
    exit(0)
}

let text = generate(configurationCount)
let bytes = Array(text.utf8)
let source = ManifestSource(path: "bench.yaml", bytes: bytes)

// Check once that the benchmark measures a valid manifest of the intended size.
let check = ManifestLoader.load([source])
precondition(!check.hasErrors, check.diagnostics.prefix(3).map(\.message).joined(separator: "\n"))
precondition(check.state.configurations.count == configurationCount)
precondition(check.state.assignmentCount == configurationCount * 5)

/// The time of each round of `body`.
func measure(_ body: () -> Void) -> [Duration] {
    var samples: [Duration] = []
    let clock = ContinuousClock()
    for _ in 0..<rounds { samples.append(clock.measure(body)) }
    return samples.sorted()
}

// Profiling aid: repeat one stage alone (`--only decode` or `--only assemble`) so a profiler sees just that stage.
if let flag = arguments.firstIndex(of: "--only"), arguments.index(after: flag) < arguments.endIndex {
    let stage = arguments[arguments.index(after: flag)]
    let document = YAMLReader.read(file: "bench.yaml", bytes: bytes).document!
    let manifest = ManifestDecoder.decode(document).manifest!
    let samples = measure {
        switch stage {
        case "decode": _ = ManifestDecoder.decode(document)
        case "assemble": _ = DesiredState.assemble([manifest])
        case "load": _ = ManifestLoader.load([source])
        default: _ = YAMLReader.read(file: "bench.yaml", bytes: bytes)
        }
    }
    print("\(stage) alone (min of \(rounds)): \(ms(samples[0]))")
    exit(0)
}

// The scan and the load take turns, round by round, so that a neighbour's load on this shared machine falls on
// both alike rather than on whichever ran at the time.
var events = 0
var loaded = 0
var scan: [Duration] = []
var load: [Duration] = []
let clock = ContinuousClock()
for _ in 0..<rounds {
    scan.append(clock.measure { events = YAMLReader.scanEvents(bytes) })
    load.append(clock.measure { loaded = ManifestLoader.load([source]).state.assignmentCount })
}
scan.sort()
load.sort()

/// Milliseconds with two decimals.
func ms(_ duration: Duration) -> String {
    let value = Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
    return String(Int((value * 10).rounded())).reversed().enumerated().map {
        $0.offset == 1 ? "\($0.element)." : "\($0.element)"
    }.reversed().joined()
}

/// A duration in seconds.
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let megabytes = Double(bytes.count) / 1_048_576
print("manifest: \(configurationCount) configurations x 5 assignments, \(bytes.count) bytes, \(events) libyaml events")
print("rounds: \(rounds); figures are min / median in milliseconds")
print(
    "bare libyaml event scan:  \(ms(scan[0])) / \(ms(scan[rounds / 2]))  (\(Int(megabytes / seconds(scan[0]))) MiB/s)")
print("load and validate:        \(ms(load[0])) / \(ms(load[rounds / 2]))  (\(loaded) assignments)")
let ratioMin = seconds(load[0]) / seconds(scan[0])
let ratioMedian = seconds(load[rounds / 2]) / seconds(scan[rounds / 2])
print(
    "ratio load/scan:          \(Double(Int(ratioMin * 100)) / 100)x / \(Double(Int(ratioMedian * 100)) / 100)x  (target: under 1.5x)"
)

// Where the time goes, stage by stage.
if arguments.contains("--stages") {
    var document: YAMLDocument?
    let read = measure { document = YAMLReader.read(file: "bench.yaml", bytes: bytes).document }
    var manifest: Manifest?
    let decode = measure { manifest = ManifestDecoder.decode(document!).manifest }
    let assemble = measure { _ = DesiredState.assemble([manifest!]) }
    print("stages (min): read \(ms(read[0])), decode \(ms(decode[0])), assemble \(ms(assemble[0]))")
}
