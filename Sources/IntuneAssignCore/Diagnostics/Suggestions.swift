/// "Did you mean" hints: the one rule every misspelt name goes through (kinds, keys, intents, aliases, filters and
/// configuration names), so that a hint never depends on which kind of name was misspelt.
public enum Suggestions {
    /// Candidates close to a misspelt name, best first: those that differ from it only in case; otherwise those
    /// within a few edits of it (two, or three for names of nine characters or more), nearest first and then in
    /// alphabetical order. At most `limit` of them; empty when none is close.
    public static func closest(to name: String, among candidates: [String], limit: Int = 1) -> [String] {
        let lowered = name.lowercased()
        let caseOnly = candidates.filter { $0.lowercased() == lowered }
        if !caseOnly.isEmpty { return Array(caseOnly.prefix(limit)) }
        let allowed = max(2, min(3, name.count / 3))
        let scored = candidates.map { (name: $0, distance: editDistance(lowered, $0.lowercased())) }
            .filter { $0.distance <= allowed }
            .sorted { $0.distance != $1.distance ? $0.distance < $1.distance : $0.name < $1.name }
        return scored.prefix(limit).map(\.name)
    }

    /// The closest candidate, if any is close (see `closest(to:among:limit:)`).
    public static func best(for name: String, among candidates: [String]) -> String? {
        closest(to: name, among: candidates).first
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
