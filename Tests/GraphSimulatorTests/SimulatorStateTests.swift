import Foundation
import IntuneAssignCore
import Testing

@testable import GraphSimulator

/// The simulator's state types decided without HTTP: the device-code ledger, Multi Admin Approval's gate on the
/// stored tenant, and the throttle window. The routes only put these decisions into Graph's and Entra's words.
@Suite struct SimulatorStateTests {
    /// A ledger holding one pending code for `client`, good until 100 s.
    func ledger(scopes: [String] = ["DeviceManagementConfiguration.Read.All"]) -> SignInLedger {
        var ledger = SignInLedger()
        ledger.deviceCodes.append(
            GraphSimulator.DeviceCode(
                deviceCode: "dc", userCode: "UC", clientID: "client", scopes: scopes, offline: true, expires: 100,
                lastPoll: nil, state: "pending"))
        return ledger
    }

    @Test func aDeviceCodeIsPendingUntilDecidedAndRedeemedOnce() {
        var signIns = ledger()
        let waiting = DeviceCodeRules(decision: nil, slowDownBelow: 5, consented: nil)
        let r1 = signIns.redeem("dc", client: "CLIENT", at: 1, rules: waiting)
        #expect(r1 == .pending)
        let r2 = signIns.redeem("dc", client: "client", at: 3, rules: waiting)
        #expect(r2 == .slowDown, "polled within 5 s")
        let r3 = signIns.redeem("dc", client: "other", at: 10, rules: waiting)
        #expect(r3 == .unknown, "another client's code")
        let approve = DeviceCodeRules(decision: "approved", slowDownBelow: nil, consented: nil)
        let r4 = signIns.redeem("dc", client: "client", at: 10, rules: approve)
        #expect(
            r4
                == .granted(client: "client", scopes: ["DeviceManagementConfiguration.Read.All"], offline: true))
        let r5 = signIns.redeem("dc", client: "client", at: 11, rules: approve)
        #expect(r5 == .unknown, "redeemed once")
    }

    @Test func aDeviceCodeExpiresIsDeclinedOrLacksConsent() {
        var expired = ledger()
        let r6 = expired.redeem("dc", client: "client", at: 100, rules: .init())
        #expect(r6 == .expired)
        var declined = ledger()
        let r7 = declined.redeem("dc", client: "client", at: 1, rules: .init(decision: "declined"))
        #expect(r7 == .declined)
        var unconsented = ledger(scopes: ["DeviceManagementConfiguration.ReadWrite.All"])
        let rules = DeviceCodeRules(decision: "approved", consented: ["DeviceManagementConfiguration.Read.All"])
        let r8 = unconsented.redeem("dc", client: "client", at: 1, rules: rules)
        #expect(r8 == .consentMissing(client: "client"))
        let r9 = unconsented.redeem("dc", client: "client", at: 2, rules: rules)
        #expect(r9 == .unknown, "not offered again")
    }

    @Test func aProtectedWriteIsFiledOnceCompletedWithItsCodeAndOnlyAsFiled() throws {
        var tenant = SimulatedTenant(tenantId: "6a1f0c2e-5b7d-4c1a-9e3f-2d8b0a4c6e11")
        tenant.multiAdminApproval = .init(protectedPaths: ["/deviceManagement/configurationPolicies"])
        let route = "/deviceManagement/configurationPolicies/c7d2e9f4-1a6b-4c8d-9e3f-5a7b2c4d6e81/assign"
        let body: JSONValue = ["assignments": []]
        let justification = Data("change 42".utf8).base64EncodedString()
        let r10 = tenant.gate(
            "POST", "/deviceManagement/deviceConfigurations/x/assign", body: body, code: nil,
            justification: nil)
        #expect(
            r10 == .pass, "not protected")
        let r11 = tenant.gate("POST", route, body: body, code: nil, justification: nil)
        #expect(r11 == .justificationMissing)
        let r12 = tenant.gate("POST", route, body: body, code: nil, justification: "%%%")
        #expect(r12 == .justificationInvalid)
        guard case .filed(let id, 403) = tenant.gate("POST", route, body: body, code: nil, justification: justification)
        else {
            Issue.record("expected a filed request")
            return
        }
        let r13 = tenant.gate("POST", route, body: body, code: nil, justification: justification)
        #expect(r13 == .conflict)
        let r14 = tenant.gate("POST", route, body: body, code: id, justification: nil)
        #expect(
            r14
                == .notApproved(id: id, status: "needsApproval"))
        let r15 = tenant.decide(id, as: "approved", justification: "ok")
        #expect(r15)
        let r16 = tenant.gate("POST", route, body: ["assignments": [1]], code: id, justification: nil)
        #expect(
            r16 == .mismatch(id: id))
        let r17 = tenant.gate("POST", route, body: body, code: id, justification: nil)
        #expect(r17 == .pass)
        #expect(tenant.approvalRequests.first?.status == "completed")
        let r18 = tenant.gate("POST", route, body: body, code: "nope", justification: nil)
        #expect(r18 == .unknownCode("nope"))
    }

    @Test func theThrottleWindowSaysHowLongToWait() {
        var window = ThrottleWindow(GraphSimulator.Limits(requests: 3, writes: 1, window: 10))
        let r19 = window.admit(write: true, at: 0)
        #expect(r19 == nil)
        let r20 = window.admit(write: true, at: 1)
        #expect(r20 == 9, "one write per window: wait until the first leaves it")
        let r21 = window.admit(write: false, at: 2)
        #expect(r21 == nil)
        let r22 = window.admit(write: false, at: 3)
        #expect(r22 == nil)
        let r23 = window.admit(write: false, at: 4)
        #expect(r23 == 6, "three requests per window")
        let r24 = window.admit(write: true, at: 10.5)
        #expect(r24 == nil, "the window moved on")
    }
}
