import Foundation

/// Throwaway certificates for TLS tests, made at test time with the `openssl` command (nothing is committed):
/// a CA, a server certificate for `localhost` and `127.0.0.1` signed by it, a client certificate signed by it,
/// and a second, unrelated CA to play "the wrong CA". Keys are P-256, valid for two days.
public struct TestCertificates: Sendable {
    /// Folder holding the PEM files.
    public let folder: String

    public var caCertificate: String { folder + "/ca.pem" }
    public var serverCertificate: String { folder + "/server.pem" }
    public var serverKey: String { folder + "/server.key" }
    public var clientCertificate: String { folder + "/client.pem" }
    public var clientKey: String { folder + "/client.key" }
    /// A CA that signed nothing here: the server certificate does not verify against it.
    public var otherCACertificate: String { folder + "/other-ca.pem" }

    /// Generates every file in `folder` (created if missing). Takes well under a second.
    public static func make(in folder: String) throws -> TestCertificates {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let certificates = TestCertificates(folder: folder)
        try certificates.makeCA(name: "ca", subject: "/CN=iilogs test CA")
        try certificates.makeCA(name: "other-ca", subject: "/CN=iilogs other test CA")
        try certificates.makeLeaf(name: "server", subject: "/CN=localhost",
                                  extensions: "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
        try certificates.makeLeaf(name: "client", subject: "/CN=i-tls-client",
                                  extensions: "extendedKeyUsage=clientAuth\n")
        return certificates
    }

    private func makeCA(name: String, subject: String) throws {
        try Self.openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", "\(folder)/\(name).key", "-out", "\(folder)/\(name).pem", "-days", "2", "-subj", subject,
                          "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    }

    private func makeLeaf(name: String, subject: String, extensions: String) throws {
        let extensionFile = "\(folder)/\(name).ext"
        try ("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n" + extensions)
            .write(toFile: extensionFile, atomically: true, encoding: .utf8)
        try Self.openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                          "-keyout", "\(folder)/\(name).key", "-out", "\(folder)/\(name).csr", "-subj", subject])
        try Self.openssl(["x509", "-req", "-in", "\(folder)/\(name).csr", "-CA", caCertificate, "-CAkey", "\(folder)/ca.key",
                          "-CAcreateserial", "-out", "\(folder)/\(name).pem", "-days", "2", "-extfile", extensionFile])
    }

    private static func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ProcessRunnerError(message: "openssl \(arguments.joined(separator: " ")) exited \(process.terminationStatus): "
                                     + String(decoding: message, as: UTF8.self))
        }
    }
}
