/// A CUDA translation unit as NVRTC gets it: the main file's text and its headers by include name.
public struct KernelSource: Sendable, Equatable {
    /// The main file's name (in NVRTC's messages), e.g. `guided_sampler.cu`.
    public var file: String
    public var text: String
    /// Include name (as in `#include "name"`) → text.
    public var headers: [String: String]

    public init(file: String, text: String, headers: [String: String] = [:]) {
        self.file = file
        self.text = text
        self.headers = headers
    }

    /// Everything that determines the PTX, for the cache key: file, text, headers in name order.
    var fingerprintText: String {
        ([file, text] + headers.keys.sorted().flatMap { [$0, headers[$0]!] }).joined(separator: "\u{0}")
    }
}
