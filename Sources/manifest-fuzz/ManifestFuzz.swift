import IntuneAssignCore
import ManifestYAML

/// Feeds bytes through everything that reads a manifest: the libyaml reader, the decoder, assembly, and
/// the diagnostics' source lines. Any crash, hang or sanitizer report here is a bug.
func fuzzOne(_ bytes: UnsafeBufferPointer<UInt8>) {
    let source = ManifestSource(path: "fuzz.yaml", bytes: Array(bytes))
    let result = ManifestLoader.load([source])
    for diagnostic in result.diagnostics {
        precondition(diagnostic.location == nil || diagnostic.location!.line >= 1, "line numbers start at 1")
    }
    // What decodes must write back and decode to the same manifest.
    if !result.hasErrors, let manifest = result.manifests.first {
        let text = ManifestWriter.yaml(manifest)
        let again = ManifestLoader.load([ManifestSource(path: "fuzz.yaml", bytes: Array(text.utf8))])
        precondition(!again.hasErrors, "the written manifest does not load:\n\(text)")
        precondition(again.manifests.first == manifest, "the written manifest decodes differently:\n\(text)")
    }
}

#if FUZZING
    /// libFuzzer's entry point (built by scripts/fuzz.sh with -sanitize=fuzzer,address -DFUZZING).
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        fuzzOne(UnsafeBufferPointer(start: data, count: size))
        return 0
    }

    /// Replays inputs without libFuzzer: every file named on the command line, through the same entry point.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// SwiftPM links an executable's entry point as `<module>_main`; hand control to libFuzzer's driver.
    @_cdecl("manifest_fuzz_main")
    public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc
        var vector = argv
        return runDriver(&count, &vector, fuzzerTestOneInput)
    }
#else
    import Foundation

    /// Without libFuzzer: replay the files named on the command line (crash reproducers, the corpus).
    @main
    struct ManifestFuzzReplay {
        /// Replays the inputs named on the command line.
        static func main() throws {
            for path in CommandLine.arguments.dropFirst() {
                let data = try Data(contentsOf: URL(fileURLWithPath: path))
                [UInt8](data).withUnsafeBufferPointer(fuzzOne)
            }
            print("replayed \(CommandLine.arguments.count - 1) inputs")
        }
    }
#endif
