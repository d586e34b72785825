/// Runs `work` on every item with at most `width` running at once, starting the next as soon as one finishes, and
/// returns the results in the order they finished. The one way requests fan out: batches of a read, and the
/// `$batch` envelopes of an apply.
public func boundedConcurrently<Item: Sendable, Output: Sendable>(
    _ items: [Item], width: Int, _ work: @escaping @Sendable (Item) async throws -> Output
) async throws -> [Output] {
    try await withThrowingTaskGroup(of: Output.self) { group in
        var next = 0
        var results: [Output] = []
        results.reserveCapacity(items.count)
        /// Starts the next item, if any is left.
        func launch() {
            guard next < items.count else { return }
            let item = items[next]
            next += 1
            group.addTask { try await work(item) }
        }
        for _ in 0..<max(1, width) { launch() }
        while let done = try await group.next() {
            results.append(done)
            launch()
        }
        return results
    }
}
