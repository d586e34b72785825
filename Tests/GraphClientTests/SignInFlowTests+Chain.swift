import Foundation
import GraphClient
import GraphSimulator
import GraphTestSupport
import IntuneAssignCore
import Testing

/// Agents and the chain: managed identities (metadata service, App Service, user-assigned, none, silent), the
/// chain's order, the managed identity's one plain-http address, and the permissions a run asks for.
extension SignInFlowTests {
    @Test(arguments: Mode.allCases)
    func aManagedIdentitySignsInFromTheMetadataServiceOrTheAppServiceEndpoint(_ mode: Mode) async throws {
        let clock = ManualClock()
        try await Harness.with(mode, Self.tenant(), options: .init(requireToken: true), clock: clock) { harness in
            let base = harness.simulator.options.baseURL
            let sleeper = ManualSleeper(clock)
            /// Signs in through the chain with `environment`, reads `/groups`, and says who the token is.
            func signIn(_ environment: [String: String], method: SignInMethod? = nil) async throws -> (
                SignedIn, String?
            ) {
                let signedIn = try await CredentialChain.signIn(
                    Self.context(harness, environment, method: method, sleeper: sleeper))
                let session = GraphSession(
                    transport: harness.transport, cloud: signedIn.cloud, tokens: signedIn.provider, sleeper: sleeper)
                #expect(try await session.send("GET", "/groups").status == 200)
                return (signedIn, TokenClaims.identity(of: try await signedIn.provider.token(forceRefresh: false)))
            }
            // The instance metadata service at another address (Azure Identity's pod-identity variable).
            let metadata = ["AZURE_POD_IDENTITY_AUTHORITY_HOST": base]
            let (system, systemIdentity) = try await signIn(metadata)
            #expect(system.method == .managedIdentity)
            #expect(
                system.description == "managed identity from the instance metadata service (system-assigned identity)")
            #expect(system.skipped.map(\.method) == [.environment, .githubOIDC, .accessToken])
            #expect(systemIdentity?.hasPrefix("app \(Self.system), application permissions: ") == true)

            let (user, userIdentity) = try await signIn(metadata.merging(["AZURE_CLIENT_ID": Self.userAssigned]) { $1 })
            #expect(user.description.hasSuffix("(user-assigned identity \(Self.userAssigned))"))
            #expect(userIdentity?.hasPrefix("app \(Self.userAssigned)") == true)

            let appService = ["IDENTITY_ENDPOINT": base + "/msi/token", "IDENTITY_HEADER": "simulator-identity-header"]
            let (service, _) = try await signIn(appService)
            #expect(
                service.description
                    == "managed identity from the App Service identity endpoint (system-assigned identity)")

            // An identity the machine does not have: forced, it is an error; in the chain, a reason to move on.
            let unknown = metadata.merging(["AZURE_CLIENT_ID": "99999999-0000-4000-8000-000000000000"]) { $1 }
            await #expect(throws: GraphError.self) { _ = try await signIn(unknown, method: .managedIdentity) }
            do {
                _ = try await signIn(unknown, method: .managedIdentity)
            } catch let error as GraphError {
                #expect(
                    error.message
                        == "the instance metadata service gave no token for the user-assigned identity "
                        + "99999999-0000-4000-8000-000000000000 (is it assigned to this machine?): Identity not found")
            }
            var chain = try Self.context(harness, unknown, sleeper: sleeper)
            chain.interactive = false
            do {
                _ = try await CredentialChain.signIn(chain)
                Issue.record("signed in without an identity")
            } catch let error as GraphError {
                #expect(
                    error.message.contains(
                        "managed-identity: the instance metadata service answered, but the instance metadata service "
                            + "gave no token"))
            }
            // The header App Service hands the process is checked; it is never shown.
            do {
                _ = try await signIn(appService.merging(["IDENTITY_HEADER": "wrong-header-value"]) { $1 })
                Issue.record("a wrong identity header signed in")
            } catch let error as GraphError {
                #expect(error.status == 401)
                #expect(!error.description.contains("wrong-header-value"))
            }
        }
    }

    /// A metadata address where nothing answers: "no managed identity here" within the probe's time, not a hang.
    @Test func aSilentMetadataServiceIsSkippedWithinTheProbeTime() async throws {
        let silent = ClosureTransport { request in
            try await Task.sleep(for: .seconds(120))
            return HTTPResponse(status: 500)
        }
        var context = SignInContext(
            environment: [:], cloud: .global, transport: silent, probeTimeout: 0.2)
        let started = ContinuousClock.now
        do {
            _ = try await CredentialChain.signIn(context)
            Issue.record("signed in with nothing")
        } catch {
            #expect(
                error.message.contains(
                    "managed-identity: no managed identity here: nothing answered at http://169.254.169.254 within 0.2 s"
                ))
        }
        context.method = .managedIdentity
        do {
            _ = try await CredentialChain.signIn(context)
            Issue.record("signed in with nothing")
        } catch {
            #expect(error.message.hasPrefix("cannot sign in with --sign-in managed-identity: no managed identity here"))
        }
        // Something else at the address (another cloud's metadata service, a network proxy) is not Azure's.
        let other = SignInContext(
            environment: [:], cloud: .global, transport: ClosureTransport { _ in HTTPResponse(status: 403) })
        do {
            _ = try await CredentialChain.signIn(other)
            Issue.record("signed in with nothing")
        } catch {
            #expect(
                error.message.contains(
                    "managed-identity: no managed identity here: http://169.254.169.254 answered HTTP 403, not as "
                        + "Azure's instance metadata service does"))
        }
        // Far less than the two minutes the endpoint would take (a loose bound: test machines are shared and busy).
        #expect(ContinuousClock.now - started < .seconds(100))
    }

    @Test func theChainTakesTheFirstMethodThatApplies() async throws {
        let harness = Harness(Self.tenant(), options: .init())
        let sleeper = ManualSleeper(ManualClock())
        var environment = [
            "AZURE_TENANT_ID": Self.tenantID, "AZURE_CLIENT_ID": Self.userAssigned, "AZURE_CLIENT_SECRET": "s",
            "ACTIONS_ID_TOKEN_REQUEST_URL": "https://pipelines.actions.invalid/oidc",
            "ACTIONS_ID_TOKEN_REQUEST_TOKEN": "r", "INTUNE_ASSIGN_ACCESS_TOKEN": "eyJ.e30.sig",
            "AZURE_POD_IDENTITY_AUTHORITY_HOST": harness.simulator.options.baseURL,
        ]
        var order: [SignInMethod] = []
        for name in ["AZURE_CLIENT_SECRET", "ACTIONS_ID_TOKEN_REQUEST_URL", "INTUNE_ASSIGN_ACCESS_TOKEN", ""] {
            let signedIn = try await CredentialChain.signIn(Self.context(harness, environment, sleeper: sleeper))
            order.append(signedIn.method)
            environment[name] = nil
            if name == "ACTIONS_ID_TOKEN_REQUEST_URL" { environment["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = nil }
        }
        #expect(order == [.environment, .githubOIDC, .accessToken, .managedIdentity])
        // --sign-in picks one method and skips none.
        let forced = try await CredentialChain.signIn(
            Self.context(harness, environment, method: .accessToken, sleeper: sleeper).with(
                ["INTUNE_ASSIGN_ACCESS_TOKEN": "eyJ.e30.sig"]))
        #expect(forced.method == .accessToken)
        #expect(forced.skipped.isEmpty)
    }

    @Test func onlyTheManagedIdentityRequestMayUsePlainHTTPToTheMetadataAddress() throws {
        #expect(throws: Never.self) { try URLPolicy.managedIdentityOrigin(of: "http://169.254.169.254/x").get() }
        #expect(throws: URLRefusal.self) { try URLPolicy.origin(of: "http://169.254.169.254/x").get() }
        #expect(throws: URLRefusal.self) { try URLPolicy.managedIdentityOrigin(of: "http://169.254.169.253/x").get() }
        #expect(throws: URLRefusal.self) {
            try URLPolicy.managedIdentityOrigin(of: "http://user:pw@169.254.169.254/x").get()
        }
        #expect(throws: GraphError.self) { try Cloud.global.overriding(graphRoot: "http://169.254.169.254").graphRoot }
    }

    @Test func permissionsFollowTheKindsAndWhetherTheRunWrites() {
        let kinds = ["configurationPolicy", "mobileApp", "deviceEnrollmentConfiguration"].compactMap(Kinds.named)
        #expect(
            Permissions.needed(for: kinds, writes: false) == [
                "DeviceManagementConfiguration.Read.All", "DeviceManagementServiceConfig.Read.All",
                "Directory.Read.All",
            ])
        #expect(
            Permissions.needed(for: kinds, writes: true) == [
                "DeviceManagementConfiguration.ReadWrite.All", "DeviceManagementServiceConfig.ReadWrite.All",
                "Directory.Read.All",
            ])
        // Assignment filters are read by every plan, whatever its kinds.
        #expect(
            Permissions.needed(for: [Kinds.named("mobileApp")!], writes: false) == [
                "DeviceManagementConfiguration.Read.All", "Directory.Read.All",
            ])
        #expect(Permissions.satisfies(["X.ReadWrite.All"], "X.Read.All"))
        #expect(!Permissions.satisfies(["X.Read.All"], "X.ReadWrite.All"))
    }
}
