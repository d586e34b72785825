import Foundation
import GraphClient
import GraphSimulator
import IntuneAssignCore
import Testing

/// One address, many tenants: a sign-in goes to the tenant its path names (id or domain), a Graph request to the
/// tenant its token's `tid` names, and a token is good only at the tenant that issued it.
@Suite struct SimulatedFleetTests {
    static let root = "https://graph.microsoft.com"
    static let app = SimulatedTenant.Application(clientId: "9e1c3a5b-7d92-4f0a-8b6c-2d4e6f8a0b13", clientSecret: "s")

    static func tenant(_ id: String, _ domain: String) -> SimulatedTenant {
        var tenant = SimulatedTenant(tenantId: id, displayName: domain)
        tenant.domains = [domain]
        tenant.application = app
        return tenant
    }

    /// Each test's own fleet: tenants that issued nothing yet (tokens are unsigned; two tests sharing a fleet could
    /// have it issue the very token another test forges).
    let fleet = SimulatedFleet(
        [
            tenant("4a6c8e0f-1b3d-4f5a-8c7e-9d0b2f4a6c81", "contoso.example"),
            tenant("5b7d9f1a-2c4e-4a6b-9d8f-0e1c3a5b7d92", "fabrikam.example"),
        ].map { GraphSimulator(tenant: $0, options: .init(baseURL: root, requireToken: true)) })

    /// A token of the fleet's app for `tenant` (an id or a domain), or the answer that refused it.
    func signIn(_ tenant: String) throws -> (status: Int, body: JSONValue?) {
        let form =
            "grant_type=client_credentials&client_id=\(Self.app.clientId)&client_secret=s&scope=\(Self.root)/.default"
        let outcome = fleet.handle(
            HTTPRequest(
                method: "POST", url: "\(Self.root)/\(tenant)/oauth2/v2.0/token",
                headers: ["content-type": "application/x-www-form-urlencoded"], body: Array(form.utf8)))
        guard case .response(let response) = outcome else { throw GraphError.configuration("dropped") }
        return (response.status, try? JSONValue.parse(response.body))
    }

    /// `GET /beta/organization` with `token`: the status and the tenant id it answers with.
    func organization(_ token: String?) throws -> (status: Int, id: String?) {
        var headers: [String: String] = [:]
        if let token { headers["authorization"] = "Bearer \(token)" }
        guard
            case .response(let response) = fleet.handle(
                HTTPRequest(method: "GET", url: "\(Self.root)/beta/organization", headers: headers))
        else { throw GraphError.configuration("dropped") }
        let body = try? JSONValue.parse(response.body)
        if case .array(let values)? = body?["value"] { return (response.status, values.first?["id"]?.stringValue) }
        return (response.status, body?["error"]?["code"]?.stringValue)
    }

    @Test func eachTenantSignsInAtItsPathAndIsReadWithItsToken() throws {
        for (name, id) in [
            ("contoso.example", "4a6c8e0f-1b3d-4f5a-8c7e-9d0b2f4a6c81"),
            ("5b7d9f1a-2c4e-4a6b-9d8f-0e1c3a5b7d92", "5b7d9f1a-2c4e-4a6b-9d8f-0e1c3a5b7d92"),
            ("FABRIKAM.example", "5b7d9f1a-2c4e-4a6b-9d8f-0e1c3a5b7d92"),
        ] {
            let signedIn = try signIn(name)
            #expect(signedIn.status == 200, "\(name): \(String(describing: signedIn.body))")
            let token = try #require(signedIn.body?["access_token"]?.stringValue)
            #expect(TokenClaims.tenant(of: token) == id)
            let read = try organization(token)
            #expect(read.status == 200)
            #expect(read.id == id)
        }
    }

    @Test func noTokenAnUnknownTenantOrAnotherTenantsClaimIsRefused() throws {
        #expect(try organization(nil) == (401, "InvalidAuthenticationToken"))
        let unknown = try signIn("nowhere.example")
        #expect(unknown.status == 400)
        #expect(unknown.body?["error_description"]?.stringValue == "AADSTS90002: Tenant 'nowhere.example' not found.")
        // A token from contoso with its tid rewritten to fabrikam's reaches fabrikam, which never issued it.
        let token = try #require(try signIn("contoso.example").body?["access_token"]?.stringValue)
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let claims = try #require(Base64URL.decode(parts[1]).flatMap { try? JSONValue.parse([UInt8]($0)) })
        guard case .object(var fields) = claims else { throw GraphError.configuration("claims") }
        fields = fields.map { $0.key == "tid" ? ($0.key, .string("5b7d9f1a-2c4e-4a6b-9d8f-0e1c3a5b7d92")) : $0 }
        let forged = [parts[0], Base64URL.encode(Data(JSONValue.object(fields).serialized().utf8)), parts[2]]
            .joined(separator: ".")
        #expect(try organization(forged).status == 401)
    }
}
