import IILogsAgent
import Testing

@Suite struct MallocArenasTests {
    /// An operator's `MALLOC_ARENA_MAX` wins over the agent's default. (Applying the default is not called
    /// here: it would change the allocator of the whole test process.)
    @Test func theEnvironmentVariableWins() {
        #expect(!MallocArenas.applyAgentDefault(overrideValue: "4"))
        #expect(!MallocArenas.applyAgentDefault(overrideValue: ""))
        #expect(MallocArenas.agentDefault == 1)
    }
}
