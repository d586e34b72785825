import Foundation
import GraphClient
import IntuneAssignCore

extension GraphSimulator {
    /// Request budgets per time window (limits.md §1: device configuration, per app per tenant).
    public struct Limits: Hashable, Sendable {
        /// Requests of any kind allowed per window.
        public var requests: Int
        /// Writes allowed per window.
        public var writes: Int
        /// The sliding window, in seconds.
        public var window: Double

        /// Limits of `requests` and `writes` per `window` seconds.
        public init(requests: Int, writes: Int, window: Double) {
            self.requests = requests
            self.writes = writes
            self.window = window
        }

        /// 1000 requests and 100 writes per 20 seconds.
        public static let deviceConfiguration = Limits(requests: 1000, writes: 100, window: 20)

        /// Entra ID's, for the directory: 3,500 requests per 10 seconds (Graph's throttling-limits page, identity and
        /// access, an app in a small tenant; writes have a longer window of their own, not modelled).
        public static let entra = Limits(requests: 3_500, writes: 3_500, window: 10)

        /// Intune's limits for `writes` per `seconds`: requests scale with writes as in limits.md (1,000 requests
        /// for 100 writes per window); `nil` for none.
        public static func intune(writes limit: (count: Int, seconds: Double)?) -> Limits? {
            limit.map { Limits(requests: $0.count * 10, writes: $0.count, window: $0.seconds) }
        }
    }

    /// How the simulator behaves beyond the tenant's data.
    public struct Options: Sendable {
        /// The Graph root the simulator answers as: nextLinks and `@odata.context` are built on it.
        public var baseURL: String
        /// Items per page when the request gives no `$top`.
        public var pageSize: Int
        /// Added to every request by the transports (in-process and loopback).
        public var latency: Duration
        /// `nil`: never throttle.
        public var limits: Limits?
        /// The app's cap across all tenants, shared with the simulators of the fleet's other tenants; `nil`: none.
        public var appLimit: AppWideLimit?
        /// Path prefixes (under `/beta`) answered with 403, to mimic a missing permission.
        public var forbidden: [String]
        /// Whether Graph requests need a bearer token from the simulator's token endpoint.
        public var requireToken: Bool
        /// Seconds a token is good for (`expires_in`), on the simulator's clock.
        public var tokenLifetime: Double
        /// Configurations (by id) whose `assignments` property is left out of expanded list pages.
        public var expandOmits: Set<String> = []
        /// Expanded assignment lists longer than this carry `assignments@odata.nextLink`; `nil`: never.
        public var expandPageSize: Int?
        /// Seconds after a write to a configuration during which its reads still show the assignments from before
        /// the write (app protection reads lag behind writes, field-notes §5); `nil`: reads see writes at once.
        public var readLag: Double?
        /// Seconds a device code is good for (`expires_in`; Entra's default is 15 minutes).
        public var deviceCodeLifetime: Double = 900
        /// Seconds a client should wait between polls (`interval`).
        public var deviceCodeInterval: Double = 5
        /// Whether a poll sooner than `deviceCodeInterval` after the last one is answered `slow_down` (RFC 8628; the
        /// Microsoft identity platform's page does not list it).
        public var deviceCodeSlowDown = false
        /// The error a declined sign-in answers: `authorization_declined` (the Microsoft identity platform's page) or
        /// `access_denied` (RFC 8628).
        public var deviceCodeDeclined = "authorization_declined"
        /// What the simulated person does with a device code by the first poll: `approve`, `decline` or `expire`;
        /// `nil` waits for a decision through `/simulator/deviceCodes/{userCode}/...` (a test and demo aid).
        public var deviceCodeDecision: String?
        /// Whether remediation assignments store (and so read back) `runRemediationScript: false` whatever was written,
        /// as reported (field-notes §8: terraform-provider-microsoft365 PR #1385; Microsoft365DSC #6697).
        public var remediationReadsBackFalse = true
        /// Assignment filters (by id) outside the signed-in admin's scope tags: a write that names one answers 400
        /// "Scope Tags validation failed : Filters …" (field-notes §8).
        public var filtersOutOfScope: Set<String> = []
        /// Whether 429 and 503 answers leave out `Retry-After`, as some Intune 429s do (field-notes §8).
        public var throttleWithoutRetryAfter = false
        /// Kinds whose `POST {id}/assignments` is not routed (field-notes §8, LIVE for each default).
        public var unroutedSingleCreates: Set<String> = [
            "deviceHealthScript", "deviceComplianceScript", "mobileAppConfiguration", "deviceCompliancePolicy",
        ]
        /// Whether `mobileAppConfigurations/{id}/assign` needs the type-cast segment (field-notes §8, as reported).
        public var appConfigurationAssignNeedsCast = true
        /// The `X-IDENTITY-HEADER` value the App Service identity endpoint expects (`IDENTITY_HEADER`).
        public var identityHeader = "simulator-identity-header"

        /// Options; by default a root that resolves nowhere, pages of 100, no latency, and Intune's limits for device
        /// configuration.
        public init(
            baseURL: String = "https://graph.simulator.invalid", pageSize: Int = 100, latency: Duration = .zero,
            limits: Limits? = .deviceConfiguration, forbidden: [String] = [], requireToken: Bool = false,
            tokenLifetime: Double = 3599
        ) {
            self.baseURL = baseURL
            self.pageSize = pageSize
            self.latency = latency
            self.limits = limits
            self.forbidden = forbidden
            self.requireToken = requireToken
            self.tokenLifetime = tokenLifetime
        }
    }
}
