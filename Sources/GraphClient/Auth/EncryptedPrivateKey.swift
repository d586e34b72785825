import Crypto
import Foundation
import _CryptoExtras

/// Opens a password-protected private key (`-----BEGIN ENCRYPTED PRIVATE KEY-----`, PKCS#8 with PBES2: PBKDF2 with
/// HMAC-SHA1/SHA-256 and AES-CBC — what `openssl pkcs8 -topk8` and Azure's exports make) into its PKCS#8 DER.
enum EncryptedPrivateKey {
    /// Why the key could not be decrypted.
    struct Failure: Error {
        let reason: String
    }

    /// A DER element: its tag and the bytes of its value.
    struct Element {
        let tag: UInt8
        let value: ArraySlice<UInt8>

        /// The elements inside a constructed value (a SEQUENCE).
        func children() throws(Failure) -> [Element] {
            var reader = Reader(bytes: value)
            var result: [Element] = []
            while !reader.atEnd { result.append(try reader.element()) }
            return result
        }
    }

    /// Reads DER elements one after another.
    struct Reader {
        var bytes: ArraySlice<UInt8>
        var atEnd: Bool { bytes.isEmpty }

        /// The next element: its tag and contents.
        mutating func element() throws(Failure) -> Element {
            guard bytes.count >= 2 else { throw Failure(reason: "truncated") }
            let tag = bytes.removeFirst()
            var length = Int(bytes.removeFirst())
            if length & 0x80 != 0 {
                let count = length & 0x7F
                guard count > 0, count <= 4, bytes.count >= count else { throw Failure(reason: "bad length") }
                length = 0
                for _ in 0..<count { length = length << 8 | Int(bytes.removeFirst()) }
            }
            guard bytes.count >= length else { throw Failure(reason: "truncated") }
            let value = bytes.prefix(length)
            bytes = bytes.dropFirst(length)
            return Element(tag: tag, value: value)
        }
    }

    static let pbes2: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0D]
    static let pbkdf2: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0C]
    static let hmacSHA1: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x07]
    static let hmacSHA256: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x09]
    /// AES-128/192/256-CBC: 2.16.840.1.101.3.4.1.{2,22,42}.
    static let aesCBC: [UInt8: Int] = [0x02: 16, 0x16: 24, 0x2A: 32]
    static let aesPrefix: [UInt8] = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01]

    /// The PKCS #8 key inside an encrypted one (PBES2 with PBKDF2 and AES-CBC).
    static func decrypt(der: [UInt8], password: String) throws(Failure) -> [UInt8] {
        var reader = Reader(bytes: der[...])
        let top = try reader.element().children()
        guard top.count == 2, top[1].tag == 0x04 else { throw Failure(reason: "not an EncryptedPrivateKeyInfo") }
        let algorithm = try top[0].children()
        guard algorithm.count == 2, Array(algorithm[0].value) == pbes2 else {
            throw Failure(
                reason: "only PBES2-encrypted keys are supported (re-export with openssl pkcs8 -topk8 -v2 aes-256-cbc)")
        }
        let parameters = try algorithm[1].children()
        guard parameters.count == 2 else { throw Failure(reason: "bad PBES2 parameters") }
        let kdf = try parameters[0].children()
        guard kdf.count == 2, Array(kdf[0].value) == pbkdf2 else { throw Failure(reason: "only PBKDF2 is supported") }
        let kdfParameters = try kdf[1].children()
        guard kdfParameters.count >= 2, kdfParameters[0].tag == 0x04, kdfParameters[1].tag == 0x02 else {
            throw Failure(reason: "bad PBKDF2 parameters")
        }
        let salt = Array(kdfParameters[0].value)
        let rounds = kdfParameters[1].value.reduce(0) { $0 << 8 | Int($1) }
        var hash = KDF.Insecure.PBKDF2.HashFunction.insecureSHA1
        if let prf = kdfParameters.last(where: { $0.tag == 0x30 }) {
            let identifier = try prf.children().first.map { Array($0.value) }
            if identifier == hmacSHA256 {
                hash = .sha256
            } else if identifier != hmacSHA1 {
                throw Failure(reason: "only HMAC-SHA1 and HMAC-SHA256 are supported as the PBKDF2 function")
            }
        }
        let scheme = try parameters[1].children()
        guard scheme.count == 2, scheme[0].value.count == aesPrefix.count + 1,
            Array(scheme[0].value.prefix(aesPrefix.count)) == aesPrefix,
            let keyLength = aesCBC[scheme[0].value.last!], scheme[1].tag == 0x04
        else { throw Failure(reason: "only AES-CBC encryption is supported") }
        let plain: [UInt8]
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(password.utf8), salt: salt, using: hash, outputByteCount: keyLength,
                unsafeUncheckedRounds: rounds)
            plain = [UInt8](
                try AES._CBC.decrypt(
                    Array(top[1].value), using: key, iv: try AES._CBC.IV(ivBytes: Array(scheme[1].value))))
        } catch {
            throw Failure(reason: "the password does not open the key")
        }
        // A wrong password passes the padding check now and then (about once in 256 tries): what it opens is then
        // no PKCS #8 structure, one DER SEQUENCE filling the plaintext, and is refused as the wrong password it is.
        var inner = Reader(bytes: plain[...])
        guard let structure = try? inner.element(), structure.tag == 0x30, inner.atEnd else {
            throw Failure(reason: "the password does not open the key")
        }
        return plain
    }
}
