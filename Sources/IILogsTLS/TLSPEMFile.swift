#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import IILogsCore
public import NIOSSL

/// Reads the PEM certificates and keys that TLS settings name, for the agent and the collector alike;
/// errors name the setting and say whether the file could not be read or is not PEM.
package enum TLSPEMFile {
    /// Largest PEM file read (a chain of a few certificates is a few KiB).
    package static let maximumBytes = 1 << 20

    /// Every certificate in `path` (at least one); `key` is the setting that named the file.
    package static func certificates(_ path: String, key: String) throws(SettingsError) -> [NIOSSLCertificate] {
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

    /// The private key in `path`; `key` is the setting that named the file.
    package static func privateKey(_ path: String, key: String) throws(SettingsError) -> NIOSSLPrivateKey {
        let bytes = try contents(path, key: key)
        do {
            return try NIOSSLPrivateKey(bytes: bytes, format: .pem)
        } catch {
            throw SettingsError(key: key, problem: "\(path) is not a PEM private key (\(error))")
        }
    }

    /// The file's bytes, at most ``maximumBytes`` (plain POSIX reads: the agent links no Foundation).
    private static func contents(_ path: String, key: String) throws(SettingsError) -> [UInt8] {
        if path.isEmpty { throw SettingsError(key: key, problem: "must name a file") }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw SettingsError(key: key, problem: "cannot read \(path): no such file") }
            throw SettingsError(key: key, problem: "cannot read \(path): \(String(cString: strerror(code))) (errno \(code))")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                let code = errno
                if code == EINTR { continue }
                throw SettingsError(key: key, problem: "cannot read \(path): \(String(cString: strerror(code))) (errno \(code))")
            }
            if n == 0 { return bytes }
            bytes.append(contentsOf: buffer[..<n])
            if bytes.count > maximumBytes {
                throw SettingsError(key: key, problem: "\(path) is larger than \(maximumBytes) bytes; is it a PEM file?")
            }
        }
    }
}
