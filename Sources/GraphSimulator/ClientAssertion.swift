import Crypto
import Foundation
import GraphClient
import IntuneAssignCore
import X509
import _CryptoExtras

/// Checks client assertions the way Entra ID does for the client-credentials grant. The app's own assertion: a
/// JWT signed (RS256 or PS256) with its certificate's key, the certificate named by its SHA-1 (`x5t`) or SHA-256
/// (`x5t#S256`) thumbprint, `aud` the token endpoint, `iss` and `sub` the client id. A federated one: a token from
/// an external issuer whose `iss` and `sub` match a federated credential, signed with that issuer's key, for the
/// credential's audience. Both inside `nbf`..`exp`, with 5 minutes' skew.
struct ClientAssertion {
    /// Why an assertion is refused, in Entra's words where it has them.
    struct Refusal: Error {
        let message: String
    }

    /// A JWT taken apart: header, payload, signature and the bytes it signs.
    struct Token {
        let header: JSONValue
        let payload: JSONValue
        let signature: Data
        let signed: Data

        /// Splits a compact JWT and reads its header and claims; anything malformed is refused.
        init(_ text: String) throws(Refusal) {
            let parts = text.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let headerData = Base64URL.decode(parts[0]),
                let payloadData = Base64URL.decode(parts[1]), let signature = Base64URL.decode(parts[2]),
                let header = try? JSONValue.parse([UInt8](headerData)),
                let payload = try? JSONValue.parse([UInt8](payloadData))
            else {
                throw Refusal(message: "The client assertion is not a JWT.")
            }
            self.header = header
            self.payload = payload
            self.signature = signature
            self.signed = Data("\(parts[0]).\(parts[1])".utf8)
        }

        /// Whether the header names a certificate (the app's own assertion) rather than an external issuer.
        var namesCertificate: Bool { header["x5t"] != nil || header["x5t#S256"] != nil }

        /// Checks the RS256 or PS256 signature with the key the app or issuer registered.
        func checkSignature(_ publicKey: _RSA.Signing.PublicKey) throws(Refusal) {
            let padding: _RSA.Signing.Padding
            switch header["alg"]?.stringValue {
            case "RS256": padding = .insecurePKCS1v1_5
            case "PS256": padding = .PSS
            default: throw Refusal(message: "The client assertion must be signed with RS256 or PS256.")
            }
            guard
                publicKey.isValidSignature(
                    _RSA.Signing.RSASignature(rawRepresentation: signature), for: signed,
                    padding: padding)
            else { throw Refusal(message: "Client assertion contains an invalid signature.") }
        }

        /// Refuses an assertion that is expired or not yet valid.
        func checkLifetime(now: Date) throws(Refusal) {
            let time = Int(now.timeIntervalSince1970)
            guard case .int(let expiry)? = payload["exp"], expiry > time - 300 else {
                throw Refusal(message: "The client assertion has expired (or has no exp claim).")
            }
            if case .int(let notBefore)? = payload["nbf"], notBefore > time + 300 {
                throw Refusal(message: "The client assertion is not valid yet.")
            }
        }

        /// `aud` is one string or a list of them.
        func hasAudience(_ audience: String) -> Bool {
            switch payload["aud"] {
            case .string(let value)?: value == audience
            case .array(let values)?: values.contains(.string(audience))
            default: false
            }
        }
    }

    /// A token from an external issuer, accepted through one of the app's federated identity credentials.
    static func verifyFederated(
        _ assertion: String, credentials: [SimulatedTenant.FederatedCredential], now: Date
    ) throws(Refusal) {
        let token = try Token(assertion)
        guard
            let credential = credentials.first(where: {
                $0.issuer == token.payload["iss"]?.stringValue && $0.subject == token.payload["sub"]?.stringValue
            })
        else {
            throw Refusal(
                message: "No matching federated identity record found for presented assertion issuer "
                    + "'\(token.payload["iss"]?.stringValue ?? "")' and subject '\(token.payload["sub"]?.stringValue ?? "")'."
            )
        }
        guard let key = try? _RSA.Signing.PublicKey(pemRepresentation: credential.publicKey) else {
            throw Refusal(message: "The federated credential's public key cannot be read.")
        }
        try token.checkSignature(key)
        guard token.hasAudience(credential.audience) else {
            throw Refusal(message: "The audience claim must be '\(credential.audience)'.")
        }
        try token.checkLifetime(now: now)
    }

    /// Checks an assertion against the app's certificate or federated credentials, as Entra does.
    static func verify(
        _ assertion: String, certificatePEM: String, clientID: String, audience: String, now: Date
    ) throws(Refusal) {
        let token = try Token(assertion)
        let header = token.header
        let payload = token.payload
        let certificate: Certificate
        let der: [UInt8]
        do {
            // The body between the BEGIN/END CERTIFICATE lines, base64.
            let body = certificatePEM.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
            guard certificatePEM.contains("-----BEGIN CERTIFICATE-----"), let bytes = Data(base64Encoded: body) else {
                throw Refusal(message: "not PEM")
            }
            der = [UInt8](bytes)
            certificate = try Certificate(derEncoded: der)
        } catch {
            throw Refusal(message: "The simulator's configured certificate cannot be read.")
        }
        let sha1 = Base64URL.encode(Data(Insecure.SHA1.hash(data: der)))
        let sha256 = Base64URL.encode(Data(SHA256.hash(data: der)))
        guard header["x5t"]?.stringValue == sha1 || header["x5t#S256"]?.stringValue == sha256 else {
            throw Refusal(
                message:
                    "The certificate with identifier used to sign the client assertion is not registered on application."
            )
        }
        guard let publicKey = _RSA.Signing.PublicKey(certificate.publicKey) else {
            throw Refusal(message: "The registered certificate does not hold an RSA key.")
        }
        try token.checkSignature(publicKey)
        guard token.hasAudience(audience) else {
            throw Refusal(message: "The audience claim must be '\(audience)'.")
        }
        guard payload["iss"]?.stringValue?.lowercased() == clientID.lowercased(),
            payload["sub"]?.stringValue?.lowercased() == clientID.lowercased()
        else {
            throw Refusal(message: "The iss and sub claims must be the client id.")
        }
        try token.checkLifetime(now: now)
    }
}
