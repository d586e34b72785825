import GraphClient
import GraphTestSupport
import IntuneAssignCore
import Testing

@testable import GraphSimulator

/// The field behaviours decided without HTTP: each knob both ways, and the kind-by-kind answers the routes word.
@Suite struct FieldBehavioursTests {
    func kind(_ name: String) throws -> Kind { try #require(Kinds.named(name)) }

    @Test func appConfigurationsAssignThroughTheCastUnlessTheKnobIsOff() throws {
        let appConfiguration = try kind("mobileAppConfiguration")
        let cast = [FieldBehaviours.appConfigurationCast, "assign"]
        var options = GraphSimulator.Options()
        #expect(options.appConfigurationAssignNeedsCast)
        let reported = FieldBehaviours(options: options)
        #expect(reported.assignRoute(appConfiguration, ["assign"]) == nil)
        #expect(reported.assignRoute(appConfiguration, cast) == ["assign"])
        options.appConfigurationAssignNeedsCast = false
        let routesBoth = FieldBehaviours(options: options)
        #expect(routesBoth.assignRoute(appConfiguration, ["assign"]) == ["assign"])
        #expect(routesBoth.assignRoute(appConfiguration, cast) == ["assign"])
        // Other kinds are never refused here.
        #expect(reported.assignRoute(try kind("deviceConfiguration"), ["assign"]) == ["assign"])
    }

    @Test func singleCreatesAreRoutedExceptWhereTheKnobSaysNot() throws {
        var options = GraphSimulator.Options()
        #expect(!FieldBehaviours(options: options).routesSingleCreate(try kind("deviceHealthScript")))
        #expect(FieldBehaviours(options: options).routesSingleCreate(try kind("deviceConfiguration")))
        options.unroutedSingleCreates = []
        #expect(FieldBehaviours(options: options).routesSingleCreate(try kind("deviceHealthScript")))
    }

    @Test func refusedTargetsAndNamesAreTheKindsOwn() throws {
        let field = FieldBehaviours(options: GraphSimulator.Options())
        let protection = try kind("iosManagedAppProtection")
        #expect(field.targetRefusal(protection, .allUsers)?.hasPrefix("Unsupported AssignmentTarget") == true)
        #expect(field.targetRefusal(protection, .group) == nil)
        let enrollment = try kind("deviceEnrollmentConfiguration")
        #expect(field.targetRefusal(enrollment, .exclusionGroup) != nil)
        #expect(field.nameProperty(try kind("configurationPolicy")) == "name")
        #expect(field.nameProperty(try kind("intuneBrandingProfile")) == "profileName")
        #expect(field.unknownProperty(try kind("configurationPolicy"), Query("$select=id,displayName")) != nil)
        #expect(field.unknownProperty(try kind("configurationPolicy"), Query("$select=id,name")) == nil)
        #expect(field.pageLimits("/deviceManagement/configurationPolicies") == (25, 100))
    }
}

/// The simulator's `--fault` arguments.
@Suite struct FaultArgumentTests {
    @Test func faultsAreReadAsTheSimulatorCommandWritesThem() {
        #expect(GraphSimulator.Fault(argument: "GET /groups=503x2") == .init("GET /groups", count: 2, .status(503)))
        #expect(GraphSimulator.Fault(argument: "POST /$batch=drop") == .init("POST /$batch", .dropConnection))
        // The last `=` splits: a pattern may hold one (a query).
        #expect(GraphSimulator.Fault(argument: "$filter=x=429") == .init("$filter=x", .status(429)))
        for wrong in ["GET /groups", "=503", "GET /x=600", "GET /x=abc", "GET /x=503x0"] {
            #expect(GraphSimulator.Fault(argument: wrong) == nil, "\(wrong)")
        }
    }
}

/// The identity platform decided without HTTP: one request's platform, given the ledger, hands it back with what
/// it issued.
@Suite struct IdentityPlatformTests {
    func platform(_ tenant: SimulatedTenant, ledger: SignInLedger = SignInLedger()) -> IdentityPlatform {
        IdentityPlatform(
            options: GraphSimulator.Options(), tenant: tenant, now: 10, ledger: ledger, nextRequestID: { "r" })
    }

    func tokenRequest(secret: String) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: "http://127.0.0.1/\(Fixture.tenantID)/oauth2/v2.0/token",
            body: Array(
                ("grant_type=client_credentials&client_id=11111111-2222-4333-8444-555555555555&client_secret=\(secret)"
                    + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default").utf8))
    }

    @Test func aSecretIsExchangedForATokenTheLedgerKeeps() throws {
        let tenant = Fixture.tenant(kinds: [])
        var identity = platform(tenant)
        let segments = [Fixture.tenantID, "oauth2", "v2.0", "token"]
        let issued = identity.signInEndpoint(tokenRequest(secret: "test-only"), method: "POST", segments: segments)
        let answer = try #require(issued)
        #expect(answer.status == 200)
        let token = try #require(try JSONValue.parse(answer.body)["access_token"]?.stringValue)
        let grant = try #require(identity.ledger.grants[token])
        #expect(!grant.delegated)
        #expect(grant.expiry == 10 + GraphSimulator.Options().tokenLifetime)
        #expect(identity.ledger.issuedTokens == 1)

        let wrong = identity.signInEndpoint(tokenRequest(secret: "wrong"), method: "POST", segments: segments)
        let refused = try #require(wrong)
        #expect(refused.status == 401)
        #expect(try JSONValue.parse(refused.body)["error_codes"] == [7_000_215])
        #expect(identity.ledger.issuedTokens == 1)
        // Not a sign-in path: the simulator's routes answer it.
        let other = identity.signInEndpoint(tokenRequest(secret: "x"), method: "GET", segments: ["beta", "groups"])
        #expect(other == nil)
    }
}
