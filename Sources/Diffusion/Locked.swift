import Foundation

/// A value that worker threads share, behind a pthread mutex (`NSLock`): the sampler's mean-path
/// sums and recorded paths, a parallel loop's first error.
///
/// Not `Synchronization.Mutex`: that lock is made of atomics inside a library that is not built
/// with ThreadSanitizer, so TSan cannot see the ordering it creates and reports every access
/// under it as a data race (seen in `.ci/sanitize thread`); a pthread mutex is one TSan
/// intercepts, so its verdict on the code under the lock means something. Callers take it once
/// per chunk of work, so its cost does not show.
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    public init(_ value: Value) { self.value = value }

    /// Runs `body` on the value with the lock held.
    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
