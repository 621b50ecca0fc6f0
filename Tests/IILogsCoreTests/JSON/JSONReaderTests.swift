import IILogsCore
import Testing

@Suite struct JSONReaderTests {
    func parse(_ text: String) throws(JSONReadError) -> JSONValue { try JSONReader.parse(Array(text.utf8)) }

    func failure(_ text: String) -> JSONReadError? {
        do { _ = try parse(text); return nil } catch { return error }
    }

    @Test func readsEveryKindOfValue() throws {
        let value = try parse(#" { "a" : [1, -2.5e3, true, false, null, "x"], "b": {}, "c": [] } "#)
        #expect(value == .object(JSONObject(members: [
            .init(key: "a", value: .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null, .string("x")])),
            .init(key: "b", value: .object(JSONObject())),
            .init(key: "c", value: .array([])),
        ])))
        #expect(try parse("7") == .number("7"))
        #expect(try parse("\"top\"") == .string("top"))
        #expect(try parse("null\n") == .null)
    }

    @Test(arguments: ["0", "-0", "12", "0.5", "-0.0", "1e10", "1E+2", "2.5e-3", "123456789012345678901234567890"])
    func acceptsNumbersOfTheGrammar(text: String) throws {
        #expect(try parse(text) == .number(text))
    }

    @Test(arguments: ["01", "-01", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "1.5.2", "NaN", "Infinity", "- 1"])
    func refusesNumbersOutsideTheGrammar(text: String) {
        #expect(failure(text) != nil)
    }

    @Test func decodesEscapesAndUTF8() throws {
        #expect(try parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{8}\u{C}\n\r\t"))
        #expect(try parse(#""\u00e9\u4e2d\ud83d\ude00""#) == .string("é中😀"))
        #expect(try parse("\"é中😀 raw\"") == .string("é中😀 raw"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func refusesMalformedStrings() {
        #expect(failure(#""\ud83d""#)?.problem.contains("low surrogate") == true)
        #expect(failure(#""\ude00""#)?.problem.contains("without a high surrogate") == true)
        #expect(failure(#""\ud83d\u0041""#)?.problem.contains("low surrogate") == true)
        #expect(failure(#""\x41""#)?.problem.contains("unknown escape") == true)
        #expect(failure(#""\u12g4""#)?.problem.contains("four hex digits") == true)
        #expect(failure("\"tab\there\"")?.problem.contains("control character") == true)
        #expect(failure("\"open")?.problem.contains("not closed") == true)
        #expect(failure("\"esc\\")?.problem.contains("not closed") == true)
        var invalid = Array("\"ab".utf8)
        invalid += [0xC3, 0x28, 0x22]  // a lead byte followed by '('
        #expect(throws: JSONReadError(offset: 0, problem: "the string starting here is not valid UTF-8")) { try JSONReader.parse(invalid) }
        let escapedThenInvalid: [UInt8] = Array(#"["\n"#.utf8) + [0xFF] + Array("\"]".utf8)
        #expect(throws: JSONReadError(offset: 1, problem: "the string starting here is not valid UTF-8")) {
            try JSONReader.parse(escapedThenInvalid)
        }
    }

    @Test func refusesMalformedStructureWithTheOffset() {
        #expect(failure(#"{"a":1,}"#) == JSONReadError(offset: 7, problem: "expected a member name in quotes, found '}'"))
        #expect(failure("[1,]") == JSONReadError(offset: 3, problem: "expected a value, found ']'"))
        #expect(failure("[1 2]") == JSONReadError(offset: 3, problem: "expected ',' or ']' in an array, found '2'"))
        #expect(failure(#"{"a" 1}"#) == JSONReadError(offset: 5, problem: "expected ':' after a member name, found '1'"))
        #expect(failure("{a:1}")?.offset == 1)
        #expect(failure("[1") == JSONReadError(offset: 2, problem: "array not closed: expected ',' or ']', found end of input"))
        #expect(failure(#"{"a":1"#)?.problem.contains("object not closed") == true)
        #expect(failure("") == JSONReadError(offset: 0, problem: "expected a value, found end of input"))
        #expect(failure("  ") != nil)
        #expect(failure("{} {}") == JSONReadError(offset: 3, problem: "unexpected '{' after the value"))
        #expect(failure("tru") == JSONReadError(offset: 0, problem: "expected true"))
        #expect(failure("nul!")?.offset == 0)
        #expect(failure("[1]\u{0}")?.problem == "unexpected byte 0x0 after the value")
    }

    @Test func refusesNestingDeeperThanTheLimit() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(try parse(ok).arrayValue?.count == 1)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(failure(deep)?.problem == "nested deeper than 64 arrays and objects")
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(failure(hostile)?.problem == "nested deeper than 64 arrays and objects")
        #expect(throws: JSONReadError.self) { try JSONReader.parse(Array("[[1]]".utf8), maxDepth: 1) }
    }

    @Test func objectLookupTakesTheLastRepeatedKeyAndKeepsOrder() throws {
        let value = try parse(#"{"k": 1, "other": "x", "k": 2}"#)
        #expect(value["k"] == .number("2"))
        #expect(value["missing"] == nil)
        #expect(value.objectValue?.members.map(\.key) == ["k", "other", "k"])
        #expect(value["other"]?.stringValue == "x")
        #expect(JSONValue.string("s")["k"] == nil)
    }

    @Test func integersConvertOnlyWhenExactAndInRange() throws {
        #expect(try parse("255").integer(UInt8.self) == 255)
        #expect(try parse("256").integer(UInt8.self) == nil)
        #expect(try parse("-1").integer(UInt8.self) == nil)
        #expect(try parse("1.0").integer(Int.self) == nil)
        #expect(try parse("1e2").integer(Int.self) == nil)
        #expect(try parse("-9223372036854775808").integer(Int64.self) == Int64.min)
        #expect(JSONValue.string("5").integer(Int.self) == nil)
    }
}

@Suite struct SubstringSearchTests {
    @Test func findsNeedlesAsBytes() {
        #expect("error: TLSV1_ALERT_UNKNOWN_CA".containsBytes(of: "TLSV1_ALERT"))
        #expect("abc".containsBytes(of: "abc"))
        #expect("abc".containsBytes(of: ""))
        #expect("aab".containsBytes(of: "ab"))
        #expect("é中😀x".containsBytes(of: "😀x"))
        #expect(!"abc".containsBytes(of: "abcd"))
        #expect(!"abc".containsBytes(of: "ac"))
        #expect(!"".containsBytes(of: "a"))
        #expect("xyz"[...].containsBytes(of: "yz"))
    }
}
