import CUDASampler
import Testing

@Suite struct KernelResourcesTests {
    @Test func parsesEachEntryOfPtxasVerboseOutput() {
        let text = """
            ptxas info    : 0 bytes gmem
            ptxas info    : Compiling entry function 'gl_a' for 'sm_90'
            ptxas info    : Function properties for gl_a
                0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads
            ptxas info    : Used 40 registers, 368 bytes cmem[0], 16 bytes cmem[2]
            ptxas info    : Compiling entry function 'gl_b' for 'sm_90'
            ptxas info    : Function properties for gl_b
                24 bytes stack frame, 8 bytes spill stores, 12 bytes spill loads
            ptxas info    : Used 255 registers, 1024 bytes smem, 400 bytes cmem[0]
            """
        let parsed = KernelResources.parse(ptxasOutput: text)
        #expect(
            parsed == [
                KernelResources(entry: "gl_a", registers: 40, stackFrameBytes: 0, spillStoreBytes: 0, spillLoadBytes: 0, sharedMemoryBytes: 0, constantMemoryBytes: 384),
                KernelResources(entry: "gl_b", registers: 255, stackFrameBytes: 24, spillStoreBytes: 8, spillLoadBytes: 12, sharedMemoryBytes: 1024, constantMemoryBytes: 400),
            ])
        #expect(!parsed[0].spills && parsed[1].spills)
    }
}
