import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

/// Paging, `$batch`, the directory, sign-in, throttling, faults, permissions, the request log and tenant files.
@Suite struct SimulatorProtocolTests {
    func values(_ reply: Harness.Reply) -> [JSONValue] {
        if case .array(let values)? = reply.body?["value"] { return values }
        return []
    }

    @Test(arguments: Mode.allCases)
    func pagingFollowsAbsoluteNextLinksVerbatim(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("configurationPolicy"))
        try await Harness.with(mode, Fixture.tenant(kinds: [kind], perKind: 250)) { (harness: Harness) async throws in
            var seen: [String] = []
            var next: String? = harness.root + kind.collectionPath + "?$top=100&$select=name"
            var pages = 0
            while let url = next {
                let reply = try await harness.send("GET", url)
                #expect(reply.status == 200)
                #expect(
                    reply.body?["@odata.context"]?.stringValue == harness.root
                        + "/$metadata#deviceManagement/configurationPolicies")
                for item in values(reply) {
                    seen.append(item["id"]?.stringValue ?? "")
                    #expect(item["name"] != nil)
                    #expect(item["displayName"] == nil)
                    #expect(item["priority"] == nil)
                }
                next = reply.body?["@odata.nextLink"]?.stringValue
                if let next { #expect(next.hasPrefix(harness.simulator.options.baseURL + "/beta/")) }
                pages += 1
            }
            #expect(pages == 3)
            #expect(seen.count == 250)
            #expect(Set(seen).count == 250)
        }
    }

    @Test(arguments: Mode.allCases)
    func batchAnswersEachRequestByIdWithItsOwnStatus(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("deviceConfiguration"))
        try await Harness.with(mode, Fixture.tenant(kinds: [kind])) { (harness: Harness) async throws in
            let present = "\(kind.collectionPath)/\(Fixture.configurationID(0))/assignments"
            let reply = try await harness.send(
                "POST", "/$batch",
                [
                    "requests": [
                        ["id": "a", "method": "GET", "url": .string(present)],
                        [
                            "id": "b", "method": "GET",
                            "url":
                                "/deviceManagement/deviceConfigurations/00000000-0000-4000-8000-00000000dead/assignments",
                        ],
                        [
                            "id": "c", "method": "POST",
                            "url": .string(String(present.dropLast("assignments".count)) + "assign"),
                            "headers": ["Content-Type": "application/json"],
                            "body": ["assignments": [Fixture.assignment(kind)]],
                        ],
                        ["id": "d", "method": "GET", "url": "groups?$filter=displayName%20eq%20'IT%20Pilot'"],
                    ]
                ])
            #expect(reply.status == 200)
            guard case .array(let responses)? = reply.body?["responses"] else {
                Issue.record("no responses")
                return
            }
            let byID = Dictionary(uniqueKeysWithValues: responses.map { ($0["id"]?.stringValue ?? "", $0) })
            #expect(byID["a"]?["status"] == .int(200))
            #expect(byID["b"]?["status"] == .int(404))
            #expect(byID["b"]?["body"]?["error"]?["code"]?.stringValue == "ResourceNotFound")
            #expect(byID["c"]?["status"] == .int(200))
            #expect(byID["d"]?["body"]?["value"]?.serialized().contains(Fixture.pilot) == true)
            #expect(byID["a"]?["headers"]?["request-id"] != nil)
        }
    }

    @Test(arguments: Mode.allCases)
    func batchRefusesMoreThanTwentyAbsoluteUrlsAndDuplicateIds(_ mode: Mode) async throws {
        try await Harness.with(mode, Fixture.tenant(kinds: [])) { (harness: Harness) async throws in
            let many = (1...21).map {
                JSONValue.object([("id", .string("\($0)")), ("method", "GET"), ("url", "/groups")])
            }
            #expect(try await harness.send("POST", "/$batch", ["requests": .array(many)]).status == 400)
            #expect(
                try await harness.send("POST", "/$batch", ["requests": .array(Array(many.prefix(20)))]).status == 200)
            let absolute = try await harness.send(
                "POST", "/$batch",
                [
                    "requests": [
                        ["id": "1", "method": "GET", "url": .string(harness.root + "/groups")]
                    ]
                ])
            #expect(absolute.status == 400)
            let duplicate = try await harness.send(
                "POST", "/$batch",
                [
                    "requests": [
                        ["id": "1", "method": "GET", "url": "/groups"], ["id": "1", "method": "GET", "url": "/groups"],
                    ]
                ])
            #expect(duplicate.status == 400)
        }
    }

    @Test(arguments: Mode.allCases)
    func throttledInnerRequestsGetTheirOwn429(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("deviceConfiguration"))
        let clock = ManualClock()
        try await Harness.with(
            mode, Fixture.tenant(kinds: [kind], perKind: 5),
            options: .init(limits: .init(requests: 100, writes: 2, window: 10)), clock: clock
        ) {
            (harness: Harness) async throws in
            let requests = (0..<5).map { index -> JSONValue in
                [
                    "id": .string("\(index)"), "method": "POST",
                    "url": .string("\(kind.collectionPath)/\(Fixture.configurationID(index))/assign"),
                    "body": ["assignments": [Fixture.assignment(kind)]],
                ]
            }
            let reply = try await harness.send("POST", "/$batch", ["requests": .array(requests)])
            #expect(reply.status == 200)
            guard case .array(let responses)? = reply.body?["responses"] else { return }
            let statuses = responses.compactMap { response -> Int? in
                if case .int(let status)? = response["status"] { return status }
                return nil
            }
            #expect(statuses == [200, 200, 429, 429, 429])
            #expect(responses[2]["headers"]?["retry-after"]?.stringValue == "10")
            clock.advance(10)
            let retried = try await harness.send(
                "POST", "\(kind.collectionPath)/\(Fixture.configurationID(2))/assign",
                ["assignments": [Fixture.assignment(kind)]])
            #expect(retried.status == 200)
        }
    }

    @Test(arguments: Mode.allCases)
    func throttlingCountsReadsAndWritesInSlidingWindows(_ mode: Mode) async throws {
        let clock = ManualClock()
        let kind = try #require(Kinds.named("deviceConfiguration"))
        try await Harness.with(
            mode, Fixture.tenant(kinds: [kind], perKind: 2),
            options: .init(limits: .init(requests: 3, writes: 1, window: 20)), clock: clock
        ) { (harness: Harness) async throws in
            let body: JSONValue = ["assignments": [Fixture.assignment(kind)]]
            let first = try await harness.send(
                "POST", "\(kind.collectionPath)/\(Fixture.configurationID(0))/assign", body)
            #expect(first.status == 200)
            let secondWrite = try await harness.send(
                "POST", "\(kind.collectionPath)/\(Fixture.configurationID(1))/assign", body)
            #expect(secondWrite.status == 429)
            #expect(secondWrite.headers["retry-after"] == "20")
            clock.advance(5)
            #expect(try await harness.send("GET", kind.collectionPath).status == 200)
            // A POST that reads counts as a request, not as a write.
            let evaluate: JSONValue = ["data": ["platform": "windows10AndLater", "rule": "x"]]
            #expect(
                try await harness.send("POST", "/deviceManagement/evaluateAssignmentFilter", evaluate).status == 400)
            let fourth = try await harness.send("GET", kind.collectionPath)
            #expect(fourth.status == 429)
            #expect(fourth.headers["retry-after"] == "15")
            // The directory counts against Entra ID's window, not Intune's.
            #expect(try await harness.send("GET", "/groups").status == 200)
            clock.advance(15)
            #expect(try await harness.send("GET", kind.collectionPath).status == 200)
        }
    }

    @Test(arguments: Mode.allCases)
    func groupsByDisplayNameWithQuotesAndWithoutCase(_ mode: Mode) async throws {
        try await Harness.with(mode, Fixture.tenant(kinds: [])) { (harness: Harness) async throws in
            let escaped =
                "/groups?$filter=" + "displayName eq 'finance''s team'".addingPercentEncoding(
                    withAllowedCharacters: .alphanumerics)!
            let reply = try await harness.send("GET", escaped)
            #expect(reply.status == 200)
            #expect(values(reply).map { $0["id"]?.stringValue } == [Fixture.finance])
            let unescaped = try await harness.send("GET", "/groups?$filter=displayName%20eq%20'Finance's%20Team'")
            #expect(unescaped.status == 400)
            let byIds = try await harness.send(
                "POST", "/directoryObjects/getByIds",
                [
                    "ids": [.string(Fixture.pilot.uppercased()), "00000000-0000-4000-8000-000000000000"],
                    "types": ["group"],
                ])
            #expect(values(byIds).map { $0["displayName"]?.stringValue } == ["IT Pilot"])
            let filters = try await harness.send("GET", "/deviceManagement/assignmentFilters")
            #expect(values(filters).first?["platform"]?.stringValue == "windows10AndLater")
        }
    }

    @Test(arguments: Mode.allCases)
    func tokenEndpointChecksTenantClientAndSecret(_ mode: Mode) async throws {
        try await Harness.with(mode, Fixture.tenant(kinds: []), options: .init(requireToken: true)) {
            (harness: Harness) async throws in
            let origin = harness.simulator.options.baseURL
            func token(_ tenant: String, _ form: String) async throws -> (Int, JSONValue?) {
                let response = try await harness.transport.send(
                    HTTPRequest(
                        method: "POST", url: "\(origin)/\(tenant)/oauth2/v2.0/token",
                        headers: ["content-type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
                return (response.status, try? JSONDecoder().decode(JSONValue.self, from: Data(response.body)))
            }
            let client =
                "client_id=11111111-2222-4333-8444-555555555555&grant_type=client_credentials&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
            let (status, body) = try await token(Fixture.tenantID, client + "&client_secret=test-only")
            #expect(status == 200)
            let accessToken = try #require(body?["access_token"]?.stringValue)
            #expect(body?["token_type"]?.stringValue == "Bearer")
            #expect(try await token(Fixture.tenantID, client + "&client_secret=wrong").0 == 401)
            #expect(
                try await token("00000000-0000-4000-8000-000000000000", client + "&client_secret=test-only").0 == 400)
            #expect(
                try await token(
                    Fixture.tenantID, client.replacingOccurrences(of: "1111", with: "9999") + "&client_secret=test-only"
                ).0 == 400)

            #expect(try await harness.send("GET", "/groups").status == 401)
            #expect(
                try await harness.send("GET", "/groups", headers: ["Authorization": "Bearer made-up"]).status == 401)
            #expect(
                try await harness.send("GET", "/groups", headers: ["Authorization": "Bearer \(accessToken)"]).status
                    == 200)
        }
    }

    @Test(arguments: Mode.allCases)
    func injectedFaultsHitTheNextMatchingRequestsOnly(_ mode: Mode) async throws {
        try await Harness.with(mode, Fixture.tenant(kinds: [])) { (harness: Harness) async throws in
            harness.simulator.inject(.init("GET /groups", count: 2, .status(503)))
            harness.simulator.inject(.init("POST /directoryObjects", .dropConnection))
            let first = try await harness.send("GET", "/groups")
            #expect(first.status == 503)
            #expect(first.headers["retry-after"] == "1")
            #expect(try await harness.send("GET", "/deviceManagement/assignmentFilters").status == 200)
            #expect(try await harness.send("GET", "/groups").status == 503)
            #expect(try await harness.send("GET", "/groups").status == 200)
            await #expect(throws: TransportError.self) {
                _ = try await harness.send("POST", "/directoryObjects/getByIds", ["ids": []])
            }
            #expect(try await harness.send("POST", "/directoryObjects/getByIds", ["ids": []]).status == 200)
        }
    }

    @Test(arguments: Mode.allCases)
    func forbiddenPathsAre403(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("mobileApp"))
        try await Harness.with(
            mode, Fixture.tenant(kinds: [kind]), options: .init(forbidden: ["/deviceAppManagement/mobileApps"])
        ) { (harness: Harness) async throws in
            let reply = try await harness.send(
                "GET", "\(kind.collectionPath)/\(Fixture.configurationID(0))/assignments")
            #expect(reply.status == 403)
            #expect(reply.body?["error"]?["code"]?.stringValue == "Forbidden")
            #expect(try await harness.send("GET", "/groups").status == 200)
        }
    }

    @Test(arguments: Mode.allCases)
    func latencyDelaysEveryAnswer(_ mode: Mode) async throws {
        try await Harness.with(mode, Fixture.tenant(kinds: []), options: .init(latency: .milliseconds(150))) {
            (harness: Harness) async throws in
            let clock = ContinuousClock()
            let started = clock.now
            #expect(try await harness.send("GET", "/groups").status == 200)
            #expect(clock.now - started >= .milliseconds(150))
        }
    }

    @Test(arguments: Mode.allCases)
    func requestLogHasEveryRequestWithMethodPathStatusAndDuration(_ mode: Mode) async throws {
        try await Harness.with(mode, Fixture.tenant(kinds: []), options: .init(latency: .milliseconds(3))) {
            (harness: Harness) async throws in
            _ = try await harness.send("GET", "/groups")
            _ = try await harness.send("GET", "/nothing/here")
            _ = try await harness.send(
                "POST", "/$batch", ["requests": [["id": "1", "method": "GET", "url": "/groups"]]])
            let log = harness.simulator.requestLog
            #expect(log.map(\.status) == [200, 404, 200, 200])
            #expect(log.map(\.method) == ["GET", "GET", "GET", "POST"])
            #expect(log[0].path == "/beta/groups")
            #expect(log[2].batch != nil)
            #expect(log.allSatisfy { $0.durationMs >= 0 })
            #expect(log[0].durationMs >= 3)
            let line = String(decoding: try JSONEncoder().encode(log[0]), as: UTF8.self)
            #expect(line.contains("\"status\":200"))
        }
    }

    @Test(arguments: Mode.allCases)
    func tenantFilesRoundTripWithTheirAssignments(_ mode: Mode) async throws {
        let kind = try #require(Kinds.named("mobileApp"))
        try await Harness.with(mode, Fixture.tenant(kinds: [kind])) { (harness: Harness) async throws in
            let path = "\(kind.collectionPath)/\(Fixture.configurationID(0))/assign"
            let assignment: JSONValue = [
                "target": [
                    "@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget",
                    "deviceAndAppManagementAssignmentFilterId": .string(Fixture.filter),
                    "deviceAndAppManagementAssignmentFilterType": "exclude",
                ],
                "intent": "available",
                "settings": [
                    "@odata.type": "#microsoft.graph.win32LobAppAssignmentSettings", "notifications": "hideAll",
                ],
            ]
            #expect(try await harness.send("POST", path, ["mobileAppAssignments": [assignment]]).status == 204)
            let data = try JSONEncoder().encode(harness.simulator.tenant)
            let loaded = try JSONDecoder().decode(SimulatedTenant.self, from: data)
            #expect(loaded == harness.simulator.tenant)
            let again = Harness(loaded)
            let read = try await again.send("GET", "\(kind.collectionPath)/\(Fixture.configurationID(0))/assignments")
            #expect(read.body?["value"]?.serialized().contains("hideAll") == true)
            #expect(read.body?["value"]?.serialized().contains(Fixture.filter) == true)
        }
    }
}
