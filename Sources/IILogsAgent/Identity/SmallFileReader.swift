/// Reads small system and configuration files (`/proc/…`, `/etc/iilogs/identity`, cloud-init data).
enum SmallFileReader {
    /// Why a small file could not be read.
    enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case missing(path: String)
        case unreadable(PosixError)
        case tooLarge(path: String, limit: Int)

        var description: String {
            switch self {
            case .missing(let path): "\(path) does not exist"
            case .unreadable(let error): "\(error)"
            case .tooLarge(let path, let limit): "\(path) is larger than \(limit) bytes"
            }
        }
    }

    /// The whole content of `path`, at most `limit` bytes.
    static func read(path: String, limit: Int) -> Result<[UInt8], Failure> {
        guard FileStatus.of(path: path) != nil else { return .failure(.missing(path: path)) }
        let file: PosixFile
        switch PosixFile.open(path: path) {
        case .success(let opened): file = opened
        case .failure(let error): return .failure(.unreadable(error))
        }
        defer { file.close() }
        var content: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            switch file.read(into: &buffer, at: UInt64(content.count)) {
            case .failure(let error):
                return .failure(.unreadable(error))
            case .success(0):
                return .success(content)
            case .success(let count):
                content.append(contentsOf: buffer[..<count])
                if content.count > limit { return .failure(.tooLarge(path: path, limit: limit)) }
            }
        }
    }

    /// The content as text (invalid UTF-8 replaced), nil when the file cannot be read.
    static func text(path: String, limit: Int) -> String? {
        guard case .success(let bytes) = read(path: path, limit: limit) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }
}
