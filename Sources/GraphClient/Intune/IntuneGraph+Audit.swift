public import IntuneAssignCore

extension IntuneGraph {
    /// The audit log's events since `since` (ISO 8601, UTC), at most `pageLimit` pages: one paged read of
    /// `/deviceManagement/auditEvents`, filtered on the service side by time only (`activityDateTime ge`, which tools
    /// in wide use send; a category or resource filter is not relied on). It goes through the session like every
    /// read, so it shares the plan's pacing and throttling.
    public func auditLog(since: String, pageLimit: Int) async throws(GraphError) -> Blame.Log {
        var read = CollectionRead(Self.auditLogPath(since: since))
        read.pageLimit = pageLimit
        let (results, truncated, pages) = try await pagedResults([read])
        return Blame.Log(events: try results[0].get(), complete: truncated.isEmpty, pages: pages[0])
    }

    /// `/deviceManagement/auditEvents?$filter=activityDateTime ge SINCE&$top=500`, encoded. Pages of 500: what tools
    /// in use ask of this endpoint (one reads "up to 8 pages of 500", another sends `$top=500` with the same filter);
    /// the page limit then covers 50,000 events.
    static func auditLogPath(since: String) -> String {
        "/deviceManagement/auditEvents?$filter=" + queryEncoded("activityDateTime ge \(since)") + "&$top=500"
    }
}
