@preconcurrency import CGSL

/// Calls `body` with a `gsl_function` that evaluates the Swift closure `f`.
///
/// The closure is passed to GSL through the `params` pointer; it lives for the duration of
/// `body` only, so no workspace may keep the function beyond it.
func withGSLFunction<R>(_ f: (Double) -> Double, _ body: (inout gsl_function) throws -> R) rethrows -> R {
    try withoutActuallyEscaping(f) { escapable in
        var box = escapable
        return try withUnsafeMutablePointer(to: &box) { pointer in
            var function = gsl_function(
                function: { x, params in
                    params!.assumingMemoryBound(to: ((Double) -> Double).self).pointee(x)
                },
                params: UnsafeMutableRawPointer(pointer)
            )
            return try body(&function)
        }
    }
}
