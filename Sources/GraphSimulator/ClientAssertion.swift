import Crypto
import Foundation
import IntuneAssignCore
import X509
import _CryptoExtras

/// Checks a client assertion (a JWT signed with the app certificate's key) the way Entra ID does for the
/// client-credentials grant: RS256 or PS256, the certificate named by its SHA-1 (`x5t`) or SHA-256 (`x5t#S256`)
/// thumbprint, `aud` the token endpoint, `iss` and `sub` the client id, inside `nbf`..`exp` (5 minutes' skew).
struct ClientAssertion {
    /// Why an assertion is refused, in Entra's words where it has them.
    struct Refusal: Error {
        let message: String
    }

    static func verify(
        _ assertion: String, certificatePEM: String, clientID: String, audience: String, now: Date
    ) throws(Refusal) {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = base64URLDecoded(parts[0]), let payloadData = base64URLDecoded(parts[1]),
              let signature = base64URLDecoded(parts[2]),
              let header = try? JSONDecoder().decode(JSONValue.self, from: headerData),
              let payload = try? JSONDecoder().decode(JSONValue.self, from: payloadData)
        else {
            throw Refusal(message: "The client assertion is not a JWT.")
        }
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
        let sha1 = base64URL(Data(Insecure.SHA1.hash(data: der)))
        let sha256 = base64URL(Data(SHA256.hash(data: der)))
        guard header["x5t"]?.stringValue == sha1 || header["x5t#S256"]?.stringValue == sha256 else {
            throw Refusal(message: "The certificate with identifier used to sign the client assertion is not registered on application.")
        }
        guard let publicKey = _RSA.Signing.PublicKey(certificate.publicKey) else {
            throw Refusal(message: "The registered certificate does not hold an RSA key.")
        }
        let signed = Data("\(parts[0]).\(parts[1])".utf8)
        let valid: Bool
        switch header["alg"]?.stringValue {
        case "RS256":
            valid = publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: signed,
                                               padding: .insecurePKCS1v1_5)
        case "PS256":
            valid = publicKey.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature), for: signed,
                                               padding: .PSS)
        default:
            throw Refusal(message: "The client assertion must be signed with RS256 or PS256.")
        }
        guard valid else { throw Refusal(message: "Client assertion contains an invalid signature.") }
        guard payload["aud"]?.stringValue == audience else {
            throw Refusal(message: "The audience claim must be '\(audience)'.")
        }
        guard payload["iss"]?.stringValue?.lowercased() == clientID.lowercased(),
              payload["sub"]?.stringValue?.lowercased() == clientID.lowercased()
        else {
            throw Refusal(message: "The iss and sub claims must be the client id.")
        }
        let time = Int(now.timeIntervalSince1970)
        guard case let .int(expiry)? = payload["exp"], expiry > time - 300 else {
            throw Refusal(message: "The client assertion has expired (or has no exp claim).")
        }
        if case let .int(notBefore)? = payload["nbf"], notBefore > time + 300 {
            throw Refusal(message: "The client assertion is not valid yet.")
        }
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecoded(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
