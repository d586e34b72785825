/// A named list of assignments from a manifest's `assignmentSets:`, shared by every manifest of a run like aliases.
/// A configuration's `- use: NAME` stands for the set's assignments at that place; sets do not use other sets.
public struct AssignmentSetDefinition: Hashable, Sendable {
    /// The set's name.
    public var name: String
    /// Its assignments, checked for what does not depend on a kind (the kinds that use it check the rest).
    public var assignments: [AssignmentSpec]
    /// Where the name is written.
    public var mark: SourceMark
    /// `{override: true, assignments: [...]}` in a fleet overlay: this definition replaces the baseline's set of the
    /// same name, for the overlay's tenant. The fleet merge consumes it; a single-tenant run refuses it.
    public var overrides = false

    /// A set defined at `location`.
    public init(name: String, assignments: [AssignmentSpec], at location: SourceLocation? = nil) {
        self.name = name
        self.assignments = assignments
        self.mark = SourceMark(location)
    }
}

/// A `- use: NAME` entry in a configuration's `assignments:`.
public struct AssignmentSetUse: Hashable, Sendable {
    /// The set it names.
    public var name: String
    /// How many assignments written directly come before it: where the set's assignments go.
    public var position: Int
    /// Where the name is written.
    public var mark: SourceMark

    /// A use of `name` after `position` direct assignments, written at `location`.
    public init(name: String, position: Int, at location: SourceLocation? = nil) {
        self.name = name
        self.position = position
        self.mark = SourceMark(location)
    }
}

/// Where an assignment came from when a set brought it: the set and the `use:` that named it.
public struct AssignmentOrigin: Hashable, Sendable {
    /// The set's name.
    public var set: String
    /// The `use:` entry.
    public var use: SourceMark

    /// An origin.
    public init(set: String, use: SourceMark) {
        self.set = set
        self.use = use
    }
}
