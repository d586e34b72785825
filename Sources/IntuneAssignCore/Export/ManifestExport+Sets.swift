extension ManifestExport {
    /// How many configurations must share an assignment list exactly before `export --sets` makes it a set.
    public static let setThreshold = 3

    /// Replaces every assignment list that `setThreshold` or more exported configurations share exactly with a
    /// `- use:` of a set defined in the aliases file (the first file). Sets are named after what they hold.
    static func sharing(_ files: inout [File], aliases: Aliases) {
        var uses: [[AssignmentSpec]: Int] = [:]
        var order: [[AssignmentSpec]] = []
        for file in files.dropFirst() {
            for configuration in file.manifest.configurations where !configuration.assignments.isEmpty {
                if uses[configuration.assignments] == nil { order.append(configuration.assignments) }
                uses[configuration.assignments, default: 0] += 1
            }
        }
        var names: [[AssignmentSpec]: String] = [:]
        var taken = Set<String>()
        var definitions: [AssignmentSetDefinition] = []
        for list in order where uses[list]! >= setThreshold {
            var name = setName(list, aliases)
            if taken.contains(name) {
                var number = 2
                while taken.contains("\(name)-\(number)") { number += 1 }
                name = "\(name)-\(number)"
            }
            taken.insert(name)
            names[list] = name
            definitions.append(AssignmentSetDefinition(name: name, assignments: list))
        }
        guard !definitions.isEmpty else { return }
        files[0].manifest.assignmentSets = definitions.sorted { $0.name < $1.name }
        files[0].header.append(
            "Assignment sets: each stands for an assignment list that \(setThreshold) or more configurations share.")
        for index in files.indices.dropFirst() {
            for position in files[index].manifest.configurations.indices {
                let configuration = files[index].manifest.configurations[position]
                guard let name = names[configuration.assignments] else { continue }
                files[index].manifest.configurations[position].assignments = []
                files[index].manifest.configurations[position].uses = [AssignmentSetUse(name: name, position: 0)]
            }
        }
    }

    /// A set's name from what it holds: `it-pilot`, `no-break-glass`, `all-devices`, joined with `_` (the first
    /// three, then how many more).
    static func setName(_ list: [AssignmentSpec], _ aliases: Aliases) -> String {
        let words = list.map { spec -> String in
            switch spec.target {
            case .group(let reference): word(reference)
            case .exclusionGroup(let reference): "no-" + word(reference)
            case .allUsers: "all-users"
            case .allDevices: "all-devices"
            case .collection(let id): id.lowercased()
            }
        }
        let shown = words.prefix(3).joined(separator: "_")
        return words.count > 3 ? "\(shown)_and-\(words.count - 3)-more" : shown
    }

    /// A group reference as one word of a set name: its alias, or its id.
    private static func word(_ reference: ObjectReference) -> String {
        switch reference.form {
        case .alias(let alias): alias
        case .id(let id): id.description
        case .name(let name): name.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }
        }
    }
}
