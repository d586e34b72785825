import Foundation
import IntuneAssignCore

/// The Microsoft identity platform's form posts (`/oauth2/v2.0/token`, `/oauth2/v2.0/devicecode`) and what they
/// answer, shared by every flow. Form values that prove who is asking are never part of an error.
enum TokenEndpoint {
    /// A token endpoint's answer: the status and the parsed body (`nil` if it is not JSON).
    struct Answer {
        let status: Int
        let body: JSONValue?

        /// The OAuth `error` code.
        var error: String? { body?["error"]?.stringValue }
        /// The `error_description`.
        var description: String? { body?["error_description"]?.stringValue }
        /// Entra's AADSTS numbers (`error_codes`).
        var codes: [Int] {
            guard case .array(let values)? = body?["error_codes"] else { return [] }
            return values.compactMap { if case .int(let code) = $0 { code } else { nil } }
        }

        /// An access token and how long it lives (`expires_in`, a number or a numeric string; else `expires_on`, a
        /// Unix time; else an hour), if the answer carries one.
        func token(now: Date = Date()) -> (token: String, lifetime: Double)? {
            guard (200..<300).contains(status), let token = body?["access_token"]?.stringValue else { return nil }
            /// A number that may come as a string (managed identity endpoints send strings).
            func number(_ name: String) -> Double? {
                switch body?[name] {
                case .int(let value)?: Double(value)
                case .double(let value)?: value
                case .string(let text)?: Double(text)
                default: nil
                }
            }
            if let seconds = number("expires_in") { return (token, seconds) }
            if let expiry = number("expires_on") { return (token, expiry - now.timeIntervalSince1970) }
            return (token, 3599)
        }
    }

    /// Posts `fields` form-encoded to `url`; a transport failure becomes a `GraphError`.
    static func post(_ fields: [(String, String)], to url: String, transport: any HTTPTransport)
        async throws(GraphError)
        -> Answer
    {
        let form = fields.map { "\($0.0)=\(formEncoded($0.1))" }.joined(separator: "&")
        return try await send(
            HTTPRequest(
                method: "POST", url: url, headers: ["content-type": "application/x-www-form-urlencoded"],
                body: Array(form.utf8)), transport: transport)
    }

    /// Sends one sign-in request (within `seconds` of real time, if given) and parses its answer.
    static func send(_ request: HTTPRequest, within seconds: Double? = nil, transport: any HTTPTransport)
        async throws(GraphError) -> Answer
    {
        let response: HTTPResponse
        do {
            if let seconds {
                response = try await transport.send(request, within: seconds)
            } else {
                response = try await transport.send(request)
            }
        } catch let error as TransportError {
            throw GraphError.transport(error, method: request.method, url: request.url)
        } catch {
            throw GraphError.configuration("sign-in failed: \(type(of: error))")
        }
        let body = try? JSONValue.parse(response.body)
        // Every credential an answer carries is registered before anything reads the answer.
        for (field, label) in [
            ("access_token", "access token"), ("refresh_token", "refresh token"), ("id_token", "id token"),
            ("device_code", "device code"),
        ] {
            if let value = body?[field]?.stringValue { Redaction.shared.register(value, as: label) }
        }
        return Answer(status: response.status, body: body)
    }

    /// `application/x-www-form-urlencoded`: letters, digits and `-._~` as they are, everything else as %XX.
    static func formEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}
