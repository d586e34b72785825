import Crypto
public import Foundation
import IntuneAssignCore
import _CryptoExtras

/// Signs client assertions with an app certificate's private key, as MSAL does: PS256, the certificate's SHA-256
/// thumbprint in `x5t#S256`, `aud` the token endpoint, `iss` and `sub` the client id, valid for ten minutes.
public struct CertificateAssertion: Sendable {
    private let key: _RSA.Signing.PrivateKey
    /// base64url SHA-256 of the certificate's DER.
    public let thumbprint: String

    /// `pem` holds the certificate and its private key: unencrypted (PKCS#8 or PKCS#1), or encrypted (PKCS#8 with
    /// PBES2) and opened with `password` (`AZURE_CLIENT_CERTIFICATE_PASSWORD`).
    public init(pem: String, password: String? = nil) throws(GraphError) {
        guard let certificate = Self.block("CERTIFICATE", in: pem) else {
            throw GraphError.configuration("the certificate file holds no -----BEGIN CERTIFICATE----- block")
        }
        if let encrypted = Self.block("ENCRYPTED PRIVATE KEY", in: pem) {
            guard let password else {
                throw GraphError.configuration(
                    "the private key is password-protected: set AZURE_CLIENT_CERTIFICATE_PASSWORD")
            }
            guard let der = Data(base64Encoded: encrypted) else {
                throw GraphError.configuration("the encrypted private key is not base64")
            }
            do {
                let opened = try EncryptedPrivateKey.decrypt(der: [UInt8](der), password: password)
                key = try _RSA.Signing.PrivateKey(derRepresentation: opened)
            } catch let failure as EncryptedPrivateKey.Failure {
                throw GraphError.configuration("the private key cannot be opened: \(failure.reason)")
            } catch {
                throw GraphError.configuration(
                    "the private key in the certificate file cannot be read (an RSA key is needed)")
            }
        } else {
            let keyBlock =
                Self.block("PRIVATE KEY", in: pem).map { ("PRIVATE KEY", $0) }
                ?? Self.block("RSA PRIVATE KEY", in: pem).map { ("RSA PRIVATE KEY", $0) }
            guard let (label, body) = keyBlock else {
                throw GraphError.configuration(
                    "the certificate file holds no private key (-----BEGIN PRIVATE KEY-----)")
            }
            do {
                key = try _RSA.Signing.PrivateKey(
                    pemRepresentation: "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----")
            } catch {
                throw GraphError.configuration(
                    "the private key in the certificate file cannot be read (an RSA key is needed)")
            }
        }
        guard let der = Data(base64Encoded: certificate) else {
            throw GraphError.configuration("the certificate in the certificate file is not base64")
        }
        thumbprint = Base64URL.encode(Data(SHA256.hash(data: der)))
    }

    /// The base64 body of the first `-----BEGIN label-----` block.
    static func block(_ label: String, in pem: String) -> String? {
        guard let start = pem.range(of: "-----BEGIN \(label)-----"),
            let end = pem.range(of: "-----END \(label)-----", range: start.upperBound..<pem.endIndex)
        else { return nil }
        return pem[start.upperBound..<end.lowerBound].split(whereSeparator: \.isNewline).joined()
    }

    /// A fresh assertion for `clientID` at `audience` (the token endpoint).
    public func assertion(clientID: String, audience: String, now: Date = Date()) throws(GraphError) -> String {
        let time = Int(now.timeIntervalSince1970)
        let header: JSONValue = ["alg": "PS256", "typ": "JWT", "x5t#S256": .string(thumbprint)]
        let payload: JSONValue = [
            "aud": .string(audience), "iss": .string(clientID), "sub": .string(clientID),
            "jti": .string(UUID().uuidString.lowercased()), "nbf": .int(time), "iat": .int(time),
            "exp": .int(time + 600),
        ]
        let input =
            Base64URL.encode(Data(header.serialized().utf8)) + "." + Base64URL.encode(Data(payload.serialized().utf8))
        do {
            let signature = try key.signature(for: Data(input.utf8), padding: .PSS)
            return input + "." + Base64URL.encode(signature.rawRepresentation)
        } catch {
            throw GraphError.configuration("signing the client assertion failed")
        }
    }
}
