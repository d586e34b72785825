/// A device a profile is assigned to directly: an Autopilot device identity's id (a GUID, lower case), or an Apple
/// device's serial number (upper case letters and digits, as Apple Business Manager lists it). Compared in its
/// canonical form, so that the case a manifest writes does not matter.
public struct DeviceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The canonical form.
    public let description: String

    /// An Autopilot device identity's id.
    public init(_ guid: GUID) { description = guid.description }

    /// A serial number: 8 to 20 letters and digits; `nil` for anything else.
    public init?(serial text: String) {
        guard (8...20).contains(text.count),
            text.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
            })
        else { return nil }
        description = text.uppercased()
    }

    /// A device id as a saved plan or Graph writes it: a GUID, else a serial number.
    public init?(text: String) {
        if let guid = GUID(text) {
            self.init(guid)
        } else {
            self.init(serial: text)
        }
    }

    /// Ordered by text.
    public static func < (lhs: DeviceID, rhs: DeviceID) -> Bool { lhs.description < rhs.description }
}
