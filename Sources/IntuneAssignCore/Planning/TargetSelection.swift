/// A `--target KIND/ID` selection.
public struct TargetSelection: Hashable, Sendable, CustomStringConvertible {
    /// The configuration selected.
    public let key: ConfigurationKey

    /// Reads `KIND/ID`; the error says what is wrong with it.
    public static func parse(_ text: String) -> Result<TargetSelection, PlanInputError> {
        guard let slash = text.firstIndex(of: "/") else {
            return .failure(
                PlanInputError(
                    "--target \(text): write KIND/ID, such as deviceConfiguration/3b8e1d6a-5c2f-4e9b-a7d4-0c6f8e2b4a93")
            )
        }
        let kindName = String(text[..<slash])
        let idText = String(text[text.index(after: slash)...])
        guard let kind = Kinds.named(kindName) else {
            let hint = Kinds.suggestions(for: kindName).first.map { "; did you mean \($0)?" } ?? ""
            return .failure(PlanInputError("--target \(text): unknown kind \(kindName)\(hint)"))
        }
        guard let id = ConfigurationID(idText, form: kind.idForm) else {
            return .failure(PlanInputError("--target \(text): \(idText) is not a \(kind.name) id"))
        }
        return .success(TargetSelection(key: ConfigurationKey(kind: kind, id: id)))
    }

    /// `kind/id`.
    public var description: String { key.description }
}
