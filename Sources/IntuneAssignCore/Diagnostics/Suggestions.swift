/// The candidate a misspelt name most likely meant: one that differs only in case, else the nearest within a few
/// edits; `nil` when none is close.
public func closestMatch(to name: String, among candidates: [String]) -> String? {
    let lowered = name.lowercased()
    if let exact = candidates.first(where: { $0.lowercased() == lowered }) { return exact }
    let scored = candidates.map { ($0, editDistance(lowered, $0.lowercased())) }
        .filter { $0.1 <= max(1, min(3, name.count / 3)) }
        .min { $0.1 < $1.1 }
    return scored?.0
}

/// Levenshtein distance over characters, for suggestions.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
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
