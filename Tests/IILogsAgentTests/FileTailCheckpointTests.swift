import IILogsAgent
import Testing

@Suite("FileTailCheckpoint")
struct FileTailCheckpointTests {
    @Test func roundTripsThroughItsBytes() throws {
        let checkpoint = FileTailCheckpoint(device: 0x0102_0304_0506_0708, inode: .max, offset: 12_345)
        #expect(checkpoint.bytes.count == FileTailCheckpoint.encodedLength)
        #expect(checkpoint.bytes.first == 1)
        #expect(try FileTailCheckpoint(bytes: checkpoint.bytes) == checkpoint)
    }

    @Test func rejectsEveryMalformedInputWithATypedError() {
        let valid = FileTailCheckpoint(device: 1, inode: 2, offset: 3).bytes
        for bad in [[], [2] + valid.dropFirst(), Array(valid.dropLast()), valid + [0]] as [[UInt8]] {
            #expect(throws: FileTailCheckpointError.self) { try FileTailCheckpoint(bytes: bad) }
        }
    }
}
