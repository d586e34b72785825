/// How a kind's `assign` action answers.
public enum AssignAnswer: String, Hashable, Sendable {
    /// 204 No Content.
    case noContent
    /// 200 OK with the new assignment collection in `value`.
    case collection
}
