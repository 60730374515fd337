import Foundation
import FuzzTargets

// `GuidanceFuzz TARGET [libFuzzer options] [corpus folders]`: runs one `FuzzTarget` under
// libFuzzer. Built only when the manifest sees GUIDANCE_FUZZ=1, with the sanitizers on every
// module (`.ci/fuzz` builds and runs it); libFuzzer's own `main` is not linked, this file calls
// its driver with the remaining arguments.

typealias FuzzCallback = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: FuzzCallback
) -> CInt

let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
guard CommandLine.arguments.count >= 2, let target = FuzzTarget(rawValue: CommandLine.arguments[1]) else {
    FileHandle.standardError.write(Data("usage: GuidanceFuzz TARGET [libFuzzer options] [corpus...]; TARGET is one of \(names)\n".utf8))
    exit(64)
}
// The target's name is not a libFuzzer argument: hand it the program name and what follows.
let selected = target
var arguments = [CommandLine.arguments[0]] + CommandLine.arguments.dropFirst(2)
var pointers: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
var argc = CInt(arguments.count)
let status = pointers.withUnsafeMutableBufferPointer { buffer -> CInt in
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        selected.run(Data(bytes: data ?? UnsafePointer(bitPattern: 1)!, count: size))
        return 0
    }
}
exit(status)
