import Dispatch
import Synchronization

/// How `count` items (particles, cases) are cut into chunks for worker threads, and the loop that
/// runs the chunks in parallel.
///
/// Chunk i is `i·chunkSize ..< min(count, (i + 1)·chunkSize)`, for `i` in `0..<chunkCount`: the
/// chunks cover `0..<count` exactly once, in order, and their boundaries depend only on `count`
/// and `chunkSize`, never on thread timing. `forEachChunk` runs `min(threads, chunkCount)`
/// workers (`DispatchQueue.concurrentPerform`), each taking the next chunk from a shared counter
/// until none is left; which thread runs a chunk varies from run to run, what is computed for
/// each item does not, so results that are a pure function of the item (its Philox draws keyed
/// by its index) do not depend on the threads either.
public struct WorkSplit: Sendable {
    public let count: Int
    public let chunkSize: Int

    /// Chunks of `chunkSize` items; a negative count is taken as 0 and a chunk size below 1 as 1
    /// (no input makes a split that skips or repeats an item).
    public init(count: Int, chunkSize: Int) {
        self.count = max(0, count)
        self.chunkSize = max(1, chunkSize)
    }

    /// About `chunksPerThread` chunks per thread: `⌈count / (chunksPerThread · threads)⌉` items
    /// each, clamped to `smallest...largest` (small chunks balance the load, large ones keep the
    /// per-chunk setup cheap).
    public init(count: Int, threads: Int, chunksPerThread: Int, smallest: Int, largest: Int = .max) {
        let parts = max(1, chunksPerThread).multipliedReportingOverflow(by: max(1, threads))
        let perPart = parts.overflow ? 1 : (max(0, count) + parts.partialValue - 1) / parts.partialValue
        self.init(count: count, chunkSize: max(smallest, min(largest, perPart)))
    }

    public var chunkCount: Int { (count + chunkSize - 1) / chunkSize }

    /// The items of chunk `i`.
    @inline(__always)
    public func chunk(_ i: Int) -> Range<Int> { (i * chunkSize)..<min(count, (i + 1) * chunkSize) }

    /// Runs `body` on every chunk, on `min(threads, chunkCount)` workers (at least one). A chunk
    /// whose `body` throws does not stop the others; the first error recorded is rethrown once
    /// all chunks have run.
    public func forEachChunk(threads: Int, _ body: @Sendable (Range<Int>) throws -> Void) throws {
        let chunks = chunkCount, next = Atomic<Int>(0), failure = Locked<Error?>(nil)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, chunks))) { _ in
            while case let i = next.add(1, ordering: .relaxed).oldValue, i < chunks {
                do { try body(chunk(i)) } catch { failure.withLock { $0 = $0 ?? error } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
