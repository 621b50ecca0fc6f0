import IILogsCore
import Testing

@Suite struct RFC3339Tests {
    @Test func formatsUTCWithNanoseconds() {
        #expect(RFC3339.format(Timestamp(nanosecondsSinceEpoch: 0)) == "1970-01-01T00:00:00.000000000Z")
        #expect(RFC3339.format(Timestamp(nanosecondsSinceEpoch: 1_795_424_400_123_456_789)) == "2026-11-23T09:00:00.123456789Z")
        #expect(RFC3339.format(Timestamp(nanosecondsSinceEpoch: -1)) == "1969-12-31T23:59:59.999999999Z")
    }

    @Test func parsesOffsetsAndFractions() {
        #expect(RFC3339.parse("2026-11-23T09:00:00.123456789Z") == Timestamp(nanosecondsSinceEpoch: 1_795_424_400_123_456_789))
        #expect(RFC3339.parse("2026-11-23T10:30:00+01:30") == Timestamp(nanosecondsSinceEpoch: 1_795_424_400_000_000_000))
        #expect(RFC3339.parse("2026-11-23 09:00:00.5Z") == Timestamp(nanosecondsSinceEpoch: 1_795_424_400_500_000_000))
        #expect(RFC3339.parse("2024-02-29T00:00:00Z") != nil)
    }

    @Test(arguments: ["", "2026-11-24", "2026-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2026-11-24T25:00:00Z",
                      "2026-11-24T05:00:00", "2026-11-24T05:00:00.Z", "2026-11-24T05:00:00Zjunk", "2026-11-24T05:00:00+1:00"])
    func refusesMalformed(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func roundTripsAcrossCenturies() {
        for ns in stride(from: Int64(-4_000_000_000_000_000_000), through: 4_000_000_000_000_000_000, by: 97_654_321_987_654_321) {
            let t = Timestamp(nanosecondsSinceEpoch: ns)
            #expect(RFC3339.parse(RFC3339.format(t)) == t)
        }
    }
}

@Suite struct DurationParserTests {
    @Test func parsesUnitsAndCompounds() {
        #expect(DurationParser.parse("30s") == .seconds(30))
        #expect(DurationParser.parse("500ms") == .milliseconds(500))
        #expect(DurationParser.parse("1h30m") == .seconds(5400))
        #expect(DurationParser.parse("7d") == .seconds(7 * 86_400))
    }

    @Test(arguments: ["", "30", "s", "3x", "1h30", "99999999999999999999d"])
    func refusesMalformed(_ text: String) {
        #expect(DurationParser.parse(text) == nil)
    }

    @Test func timeIsRFC3339OrAgo() {
        let now = Timestamp(nanosecondsSinceEpoch: 10_000_000_000_000)
        #expect(DurationParser.parseTime("2h", now: now) == now.adding(nanoseconds: -7_200_000_000_000))
        #expect(DurationParser.parseTime("1970-01-01T00:00:01Z", now: now) == Timestamp(nanosecondsSinceEpoch: 1_000_000_000))
        #expect(DurationParser.parseTime("now", now: now) == now)
        #expect(DurationParser.parseTime("yesterday", now: now) == nil)
    }

    @Test func formatsCompactly() {
        #expect(DurationParser.format(.seconds(5400)) == "1h30m")
        #expect(DurationParser.format(.milliseconds(1500)) == "1s500ms")
    }
}
