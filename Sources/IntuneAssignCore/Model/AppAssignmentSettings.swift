/// The `@odata.type`s of `mobileAppAssignment.settings` that Graph beta knows (shared/graph/targets.md §4).
public enum AppAssignmentSettings {
    /// The `@odata.type` of every app assignment settings type, with its `#`.
    public static let types: [String] = [
        "androidManagedStoreAppAssignmentSettings",
        "iosLobAppAssignmentSettings",
        "iosStoreAppAssignmentSettings",
        "iosVppAppAssignmentSettings",
        "iosDdmLobAppAssignmentSettings",
        "iosDdmStoreAppAssignmentSettings",
        "iosDdmVppAppAssignmentSettings",
        "macOsDdmVppAppAssignmentSettings",
        "macOsLobAppAssignmentSettings",
        "macOsVppAppAssignmentSettings",
        "microsoftStoreForBusinessAppAssignmentSettings",
        "windowsAppXAppAssignmentSettings",
        "windowsUniversalAppXAppAssignmentSettings",
        "win32LobAppAssignmentSettings",
        "win32CatalogAppAssignmentSettings",
        "winGetAppAssignmentSettings",
        "windowsAutoUpdateCatalogAppAssignmentSettings",
    ].map { "#microsoft.graph." + $0 }

    /// The canonical `@odata.type` (with `#`) for a written one, with or without `#`; `nil` if unknown.
    public static func canonicalType(_ written: String) -> String? {
        let canonical = written.hasPrefix("#") ? written : "#" + written
        return types.contains(canonical) ? canonical : nil
    }
}
