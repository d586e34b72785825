import IntuneAssignCore

/// A key table with each key's UTF-8 bytes at hand, so that keys in the input are matched without making
/// Strings of them.
struct KeyTable: Sendable {
    let names: [String]
    private let bytes: [[UInt8]]

    /// A table of these keys.
    init(_ names: [String]) {
        precondition(names.count <= KeyedMapping.capacity, "a key table holds at most \(KeyedMapping.capacity) keys")
        self.names = names
        bytes = names.map { Array($0.utf8) }
    }

    /// The index of a key, compared byte for byte without making a string.
    func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        for (index, candidate) in bytes.enumerated() where candidate.count == key.count {
            if candidate.withUnsafeBufferPointer({ $0.elementsEqual(key) }) { return index }
        }
        return nil
    }

    static let topLevel = KeyTable(ManifestKeys.topLevel)
    static let configuration = KeyTable(ManifestKeys.configuration)
    static let skip = KeyTable(ManifestKeys.skip)
    static let setOverride = KeyTable(ManifestKeys.setOverride)
    static let assignment = KeyTable(ManifestKeys.targets + ManifestKeys.assignmentOptions)
    static let assignmentOptions = KeyTable(ManifestKeys.assignmentOptions)
    static let filter = KeyTable(ManifestKeys.filter)
    static let nameReference = KeyTable(ManifestKeys.nameReference)
    static let runSchedule = KeyTable(ManifestKeys.runSchedule)
}
