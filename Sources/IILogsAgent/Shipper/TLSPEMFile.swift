import IILogsCore
import NIOSSL

/// Reads PEM certificates and keys for TLS settings; errors name the setting and say whether the file
/// could not be read or is not PEM.
enum TLSPEMFile {
    /// Largest PEM file read (a chain of a few certificates is a few KiB).
    static let maximumBytes = 1 << 20

    /// Every certificate in `path` (at least one).
    static func certificates(_ path: String, key: String) throws(SettingsError) -> [NIOSSLCertificate] {
        let bytes = try contents(path, key: key)
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMBytes(bytes)
        } catch {
            throw SettingsError(key: key, problem: "\(path) is not a PEM certificate file (\(error))")
        }
        if certificates.isEmpty { throw SettingsError(key: key, problem: "\(path) holds no PEM certificate") }
        return certificates
    }

    /// The private key in `path`.
    static func privateKey(_ path: String, key: String) throws(SettingsError) -> NIOSSLPrivateKey {
        let bytes = try contents(path, key: key)
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        } catch {
            throw SettingsError(key: key, problem: "\(path) is not a PEM private key (\(error))")
        }
    }

    private static func contents(_ path: String, key: String) throws(SettingsError) -> [UInt8] {
        if path.isEmpty { throw SettingsError(key: key, problem: "must name a file") }
        switch SmallFileReader.read(path: path, limit: maximumBytes) {
        case .success(let bytes): return bytes
        case .failure(let failure): throw SettingsError(key: key, problem: "cannot read it: \(failure)")
        }
    }
}
