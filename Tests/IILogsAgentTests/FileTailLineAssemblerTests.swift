@testable import IILogsAgent
import Testing

@Suite("LineAssembler")
struct FileTailLineAssemblerTests {
    func text(_ lines: [AssembledLine]) -> [String] { lines.map { String(decoding: $0.bytes, as: UTF8.self) } }

    @Test func splitsOnLFStripsCRAndSkipsEmptyLines() {
        var assembler = LineAssembler(maxLineBytes: 100)
        let lines = assembler.append(Array("a\r\n\nbb\n".utf8))
        #expect(text(lines) == ["a", "bb"])
        #expect(lines.map(\.endOffset) == [3, 7])
        #expect(!assembler.hasPartialLine)
    }

    @Test func holdsAPartialLineAcrossChunksAndFlushesItOnRequest() {
        var assembler = LineAssembler(maxLineBytes: 100, offset: 10)
        #expect(assembler.append(Array("par".utf8)).isEmpty)
        #expect(assembler.hasPartialLine)
        let lines = assembler.append(Array("tial\nrest".utf8))
        #expect(text(lines) == ["partial"])
        #expect(lines.first?.endOffset == 18)
        let flushed = assembler.flushPartial()
        #expect(flushed.map { String(decoding: $0.bytes, as: UTF8.self) } == "rest")
        #expect(flushed?.endOffset == 22)
        #expect(assembler.flushPartial() == nil)
    }

    @Test func cutsAnOverLongLineAndSkipsItsRestAcrossChunks() {
        var assembler = LineAssembler(maxLineBytes: 4)
        let first = assembler.append(Array("abcdef".utf8))
        #expect(first == [AssembledLine(bytes: Array("abcd".utf8), endOffset: 6, truncated: true)])
        #expect(assembler.append(Array("gh".utf8)).isEmpty)
        let second = assembler.append(Array("ij\nok\n".utf8))
        #expect(text(second) == ["ok"])
        #expect(second.first?.truncated == false)
        #expect(assembler.offset == 14)
    }

    @Test func cutsAnOverLongLineThatArrivesWhole() {
        var assembler = LineAssembler(maxLineBytes: 3)
        let lines = assembler.append(Array("abcdef\nxyz\n".utf8))
        #expect(lines.map(\.truncated) == [true, false])
        #expect(text(lines) == ["abc", "xyz"])
    }
}
