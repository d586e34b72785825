import GraphClient
import IntuneAssignCore
import Testing

@Suite struct CloudTests {
    @Test func theFleetFileNamesTheSameClouds() {
        // The core lists the cloud names a fleet file may give; GraphClient's clouds are what they mean.
        #expect(Fleet.clouds == Cloud.all.map(\.name))
    }

    @Test func everyCloudHasItsRootSignInHostAndScope() {
        #expect(Cloud.all.map(\.name) == ["global", "usgov", "usgov-dod", "china"])
        #expect(Cloud.global.scope == "https://graph.microsoft.com/.default")
        #expect(Cloud.usGov.graphRoot == "https://graph.microsoft.us")
        #expect(Cloud.usGovDoD.graphRoot == "https://dod-graph.microsoft.us")
        #expect(Cloud.usGovDoD.authorityHost == "https://login.microsoftonline.us")
        #expect(Cloud.china.scope == "https://microsoftgraph.chinacloudapi.cn/.default")
        #expect(Cloud.china.authorityHost == "https://login.chinacloudapi.cn")
        #expect(Cloud.named("usgov-dod") == .usGovDoD)
        #expect(Cloud.named("germany") == nil)
    }

    @Test func overridesAcceptHttpsAndLoopbackHttpOnly() throws {
        let local = try Cloud.global.overriding(
            graphRoot: "http://127.0.0.1:8080/", authorityHost: "http://localhost:8080")
        #expect(local.graphRoot == "http://127.0.0.1:8080")
        #expect(local.authorityHost == "http://localhost:8080")
        #expect(local.scope == "http://127.0.0.1:8080/.default")
        #expect(
            try Cloud.china.overriding(authorityHost: "https://login.partner.microsoftonline.cn").graphRoot
                == Cloud.china.graphRoot)
        #expect(throws: GraphError.self) { try Cloud.global.overriding(graphRoot: "http://graph.example.com") }
        #expect(throws: GraphError.self) { try Cloud.global.overriding(graphRoot: "http://127.0.0.1.evil.example") }
        #expect(throws: GraphError.self) { try Cloud.global.overriding(authorityHost: "ftp://127.0.0.1") }
        _ = try Cloud.global.overriding(graphRoot: "http://[::1]:9000")
    }

    /// `--graph-url` moves where requests go, not what tokens are for: a proxy in front of Graph keeps the cloud's
    /// resource and scopes; only a loopback root (the simulator) is its own resource.
    @Test func aProxyRootKeepsTheCloudsResource() throws {
        let proxy = try Cloud.global.overriding(graphRoot: "https://graph-proxy.contoso.example/")
        #expect(proxy.graphRoot == "https://graph-proxy.contoso.example")
        #expect(proxy.resource == "https://graph.microsoft.com")
        #expect(proxy.scope == "https://graph.microsoft.com/.default")
        let government = try Cloud.usGov.overriding(graphRoot: "https://proxy.agency.example")
        #expect(government.scope == "https://graph.microsoft.us/.default")
        let simulator = try Cloud.global.overriding(graphRoot: "http://localhost:8080")
        #expect(simulator.resource == "http://localhost:8080")
    }
}

@Suite struct GraphErrorTests {
    @Test func carriesStatusCodeMessageRequestIdAndWhereButNoQuery() throws {
        let body =
            #"{"error":{"code":"Forbidden","message":"Application is not authorized.","innerError":{"request-id":"abc-123"}}}"#
        let kind = try #require(Kinds.named("mobileApp"))
        let error = GraphError.response(
            HTTPResponse(status: 403, body: Array(body.utf8)), method: "GET",
            url: "https://graph.microsoft.com/beta/deviceAppManagement/mobileApps?$filter=displayName%20eq%20'secret'",
            kind: kind)
        #expect(error.status == 403)
        #expect(error.graphCode == "Forbidden")
        #expect(error.requestID == "abc-123")
        #expect(error.path == "/beta/deviceAppManagement/mobileApps")
        #expect(error.isAuthorization)
        #expect(
            error.description
                == "GET /beta/deviceAppManagement/mobileApps: 403 Forbidden: Application is not authorized."
                + " — reading mobileApp needs the application permission DeviceManagementConfiguration.Read.All and"
                + " writing it DeviceManagementConfiguration.ReadWrite.All (admin-consented) (request-id abc-123)")
        // The same answer to a person's token names delegated scopes and the Intune role.
        let delegated = GraphError.response(
            HTTPResponse(status: 403, body: Array(body.utf8)), method: "GET",
            url: "https://graph.microsoft.com/beta/deviceAppManagement/mobileApps", kind: kind, grant: .delegated)
        #expect(
            delegated.message.hasSuffix(
                "reading mobileApp needs the delegated scope DeviceManagementConfiguration.Read.All and writing it "
                    + "DeviceManagementConfiguration.ReadWrite.All (consented for the client), and an Intune role "
                    + "that allows it"))
        #expect(!error.description.contains("secret"))
    }

    @Test func aBodyThatIsNotGraphsStillGivesAnError() {
        let error = GraphError.response(
            HTTPResponse(status: 502, headers: ["request-id": "r-1"], body: Array("<html>".utf8)),
            method: "POST", url: "https://graph.microsoft.com/beta/$batch")
        #expect(error.description == "POST /beta/$batch: 502 HTTP 502 (request-id r-1)")
        #expect(GraphError.retriesExhausted(after: error).isRetriesExhausted)
    }
}

@Suite struct JSONParserTests {
    @Test func parsesGraphBodiesKeepingKeyOrder() throws {
        let text =
            #"{"@odata.context":"x","value":[{"id":"1","n":-12,"f":1.5e3,"t":true,"z":null,"s":"a\"b\\c\u00e9\ud83d\ude00"}]}"#
        let value = try JSONValue.parse(Array(text.utf8))
        guard case .object(let pairs) = value else {
            Issue.record("not an object")
            return
        }
        #expect(pairs.map(\.key) == ["@odata.context", "value"])
        let item = value["value"].flatMap { if case .array(let items) = $0 { items.first } else { nil } }
        #expect(item?["n"] == .int(-12))
        #expect(item?["f"] == .double(1500))
        #expect(item?["t"] == .bool(true))
        #expect(item?["z"] == .null)
        #expect(item?["s"] == .string("a\"b\\cé😀"))
        #expect(try JSONValue.parse(Array(value.serialized().utf8)) == value)
    }

    @Test(arguments: ["", "{", #"{"a" 1}"#, "[1,]", "tru", #""open"#, "{} x", String(repeating: "[", count: 600)])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: (any Error).self) { try JSONValue.parse(Array(text.utf8)) }
    }
}
