extension VariableMasker {
    /// The placeholder for a whole token (punctuation already stripped), or nil when it is not an obvious variable.
    static func classify(_ b: [UInt8]) -> TemplatePlaceholder? {
        if isUUID(b) { return .uuid }
        if isURL(b) { return .url }
        if isIPv4(b) || isIPv6(b) { return .ip }
        if isPath(b) { return .path }
        if b.count > 2, b[0] == UInt8(ascii: "0"), b[1] | 0x20 == UInt8(ascii: "x"), b[2...].allSatisfy(isHex) { return .hex }
        if isDuration(b) { return .duration }
        if isNumber(b) { return .number }
        if b.count >= 8, b.allSatisfy(isHex), b.contains(where: isDigit), b.contains(where: isLetter) { return .hex }
        return nil
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    static func isAlnum(_ c: UInt8) -> Bool { isDigit(c) || isLetter(c) }
    static func isHex(_ c: UInt8) -> Bool { isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) }

    /// `8-4-4-4-12` hex digits.
    static func isUUID(_ b: [UInt8]) -> Bool {
        guard b.count == 36 else { return false }
        for (i, c) in b.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != UInt8(ascii: "-") { return false }
            } else if !isHex(c) {
                return false
            }
        }
        return true
    }

    /// `scheme://…` with a letters-only scheme.
    static func isURL(_ b: [UInt8]) -> Bool {
        guard let colon = b.firstIndex(of: UInt8(ascii: ":")), colon > 0, colon + 2 < b.count,
              b[colon + 1] == UInt8(ascii: "/"), b[colon + 2] == UInt8(ascii: "/")
        else { return false }
        return b[..<colon].allSatisfy(isLetter)
    }

    /// `a.b.c.d`, optionally with `:port` or `/prefix`.
    static func isIPv4(_ b: [UInt8]) -> Bool {
        var body = b[...]
        if let colon = body.firstIndex(of: UInt8(ascii: ":")) {
            let port = body[(colon + 1)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy(isDigit) else { return false }
            body = body[..<colon]
        } else if let slash = body.firstIndex(of: UInt8(ascii: "/")) {
            let prefix = body[(slash + 1)...]
            guard !prefix.isEmpty, prefix.count <= 2, prefix.allSatisfy(isDigit) else { return false }
            body = body[..<slash]
        }
        let parts = body.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(isDigit) else { return false }
            if part.reduce(0, { $0 * 10 + Int($1 - 0x30) }) > 255 { return false }
        }
        return true
    }

    /// Full (7 colons) or compressed (`::`) IPv6 of hex groups; `12:30:45` is not one.
    static func isIPv6(_ b: [UInt8]) -> Bool {
        let colons = b.filter { $0 == UInt8(ascii: ":") }.count
        guard colons >= 2, colons <= 7, b.allSatisfy({ isHex($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }),
              b.contains(where: isHex)
        else { return false }
        let compressed = zip(b, b.dropFirst()).contains { $0 == UInt8(ascii: ":") && $1 == UInt8(ascii: ":") }
        return compressed || colons == 7
    }

    /// Absolute (`/var/log/x`), home (`~/x`) or relative (`./x`, `../x`) paths.
    static func isPath(_ b: [UInt8]) -> Bool {
        let s = b[...]
        if s.starts(with: "~/".utf8) || s.starts(with: "./".utf8) || s.starts(with: "../".utf8) { return b.count > 2 }
        return b.count > 1 && b[0] == UInt8(ascii: "/") && b.dropFirst().contains(where: isAlnum)
    }

    /// One or more `number unit` pairs with units ns, us, µs, ms, s, m, h, d (`250ms`, `1.5s`, `1h2m3s`).
    static func isDuration(_ b: [UInt8]) -> Bool {
        let s = String(decoding: b, as: UTF8.self)
        var chars = Substring(s)
        var pairs = 0
        while !chars.isEmpty {
            let number = chars.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number.first != ".", number.last != "." else { return false }
            chars = chars.dropFirst(number.count)
            let unit = chars.prefix { $0.isLetter }
            guard ["ns", "us", "µs", "ms", "s", "m", "h", "d"].contains(unit) else { return false }
            chars = chars.dropFirst(unit.count)
            pairs += 1
        }
        return pairs > 0
    }

    /// `-12`, `3.14`, `1e-3`, `123456kB`, `42%`: an optional sign, digits, an optional fraction and a unit
    /// of at most three letters.
    static func isNumber(_ b: [UInt8]) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        let digitsStart = i
        while i < b.count, isDigit(b[i]) { i += 1 }
        guard i > digitsStart else { return false }
        if i + 1 < b.count, b[i] == UInt8(ascii: "."), isDigit(b[i + 1]) {
            i += 1
            while i < b.count, isDigit(b[i]) { i += 1 }
        }
        if i + 1 < b.count, b[i] | 0x20 == UInt8(ascii: "e"), isDigit(b[i + 1]) || (b[i + 1] == UInt8(ascii: "-") && i + 2 < b.count) {
            var j = i + 1
            if b[j] == UInt8(ascii: "-") { j += 1 }
            let expStart = j
            while j < b.count, isDigit(b[j]) { j += 1 }
            if j > expStart && j == b.count { return true }
        }
        let unit = b[i...]
        if unit.count == 1 && unit.first == UInt8(ascii: "%") { return true }
        return unit.count <= 3 && unit.allSatisfy(isLetter)
    }
}
