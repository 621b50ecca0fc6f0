/// Escaping and number formatting shared by the HTML, SVG and Markdown renderers.
enum Markup {
    /// `&`, `<`, `>`, `"` and `'` as entities: safe in element text and in quoted attributes.
    static func escape(_ s: some StringProtocol) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if c.value < 0x20 && c != "\t" && c != "\n" || c.value == 0x7F {
                    out += "\\x" + String(c.value, radix: 16).leftPadded(to: 2)  // never a raw control character
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        return out
    }

    /// A value for people: at most three decimals, no trailing zeros, no exponent (`12.5`, `0.003`, `1200`).
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "-" }
        guard abs(v) < 1e15 else { return String(v) }  // beyond Int64's exact range: Swift's shortest form
        let rounded = (v * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(Int64(rounded)) }
        let whole = Int64(rounded.magnitude)
        var frac = Int64(((rounded.magnitude - Double(whole)) * 1000).rounded())
        var digits = String(frac).leftPadded(to: 3)
        while digits.hasSuffix("0") {
            digits.removeLast()
            frac /= 10
        }
        return (rounded < 0 ? "-" : "") + String(whole) + "." + digits
    }

    /// An SVG coordinate with one decimal.
    static func coordinate(_ v: Double) -> String { number((v * 10).rounded() / 10) }
}
