/// The `@odata.nextLink`s one paged read has followed. A link seen twice would loop for ever, and more than
/// `limit` pages is no collection an Intune tenant has: both are errors, never an endless read.
struct PageTrail {
    /// The most pages one collection may have (at Graph's smallest page size of 25, 250,000 items).
    static let limit = 10_000

    private var seen = Set<String>()

    /// Records `link` as the next page to read, or throws when it repeats or the read has gone on too long.
    mutating func follow(_ link: String, of path: String, url: (String) -> String) throws(GraphError) {
        guard seen.insert(link).inserted else {
            throw GraphError.malformed(
                "Graph sent the same @odata.nextLink twice; the paging would never end", method: "GET", url: url(path))
        }
        guard seen.count < Self.limit else {
            throw GraphError.malformed(
                "more than \(Self.limit) pages; the paging looks endless", method: "GET", url: url(path))
        }
    }
}
