import Foundation

/// The instructions of one PTX entry's step loop, by the unit that executes them, per trip.
///
/// The step loop is found structurally: a loop is a backward branch (`bra L` below the label
/// `L:`), its body the lines between; the step loop is the largest loop one level inside the
/// kernel's grid-stride particle loop (`PTXListing.stepLoop`). A loop nested inside it (over
/// classes, then over a class's components) runs a number of times PTX does not hold, so the
/// caller states it per level (`innerTrips`); a loop the compiler unrolled u times (its counter
/// steps by u) runs that over u. Every instruction of a loop body counts once per trip, branch
/// taken or not (the remainder iteration of an unrolled loop, the guards): an upper bound on the
/// work of branchy code.
///
/// Classes (PTX opcode → unit). Special function: `ex2`, `lg2`, `rcp`, `sqrt`, `rsqrt`,
/// `sin`, `cos`, `tanh` with `.approx`; an IEEE `div.rn`/`rcp.rn`/`sqrt.rn` (and `div.full`) counts
/// one special-function op plus the Newton steps ptxas expands it to (4 FP32 or 8 FP64 ops, a
/// stated approximation). FP32/FP64: `add sub mul fma mad min max neg abs setp` and f64
/// conversions with that type. Memory: `ld st ldu atom red` by state space. `mov` and `cvta`
/// are left out (register allocation removes most of them); branches count toward issue only;
/// every other instruction is integer/logic.
public struct PTXInstructionMix: Sendable, Equatable {
    public var specialFunction = 0.0
    public var fp32 = 0.0
    public var fp64 = 0.0
    public var integer = 0.0
    /// Loads and stores by state space (`global`, `local`, `shared`, `const`, `param`, ...).
    public var memory: [String: Double] = [:]
    /// Branches and calls.
    public var control = 0.0
    /// Loops nested in the step loop (weighted by `innerTrips` per level).
    public var innerLoops = 0
    /// Whether a loop partly overlaps the step loop (`PTXListing.isOverlapped`): the compiler
    /// restructured the loops and the counts are less certain.
    public var overlapped = false

    public init() {}

    /// Warp instructions issued per trip: everything counted.
    public var issued: Double { specialFunction + fp32 + fp64 + integer + memory.values.reduce(0, +) + control }
    public var memoryOperations: Double { memory.values.reduce(0, +) }

    /// The mix of `entry`'s step loop in `ptx`, a loop nested `n` levels inside it weighted by
    /// `innerTrips[n - 1]` (the last entry for deeper levels) over its unroll factor; nil when
    /// the entry is missing or has no loop.
    public static func stepLoop(of entry: String, in ptx: String, innerTrips: [Double]) -> PTXInstructionMix? {
        guard let body = PTXListing.entryBody(entry, in: ptx) else { return nil }
        let listing = PTXListing(lines: body)
        guard let loop = listing.stepLoop() else { return nil }
        var mix = PTXInstructionMix()
        for index in loop.range {
            guard let instruction = listing.lines[index].instruction else { continue }
            let weight = listing.enclosing(index, inside: loop).reduce(1.0) { weight, inner in
                let level = listing.enclosing(inner.range.lowerBound, inside: loop).filter { $0.range.contains(inner.range.upperBound) }.count
                let trips = innerTrips.isEmpty ? 1 : innerTrips[min(level, innerTrips.count) - 1]
                return weight * trips / Double(listing.unrollFactor(inner))
            }
            mix.add(instruction, weight: weight)
        }
        mix.overlapped = listing.isOverlapped(loop)
        mix.innerLoops = listing.loops.filter { $0 != loop && loop.range.contains($0.range.lowerBound) && loop.range.contains($0.range.upperBound) }.count
        return mix
    }

    /// Adds one instruction (its opcode with modifiers, e.g. `fma.rn.f32`) `weight` times.
    mutating func add(_ opcode: Substring, weight: Double) {
        let parts = opcode.split(separator: ".")
        guard let base = parts.first else { return }
        let modifiers = Set(parts.dropFirst())
        let f64 = modifiers.contains("f64"), f32 = modifiers.contains("f32")
        let arithmetic: Set<Substring> = ["add", "sub", "mul", "fma", "mad", "min", "max", "neg", "abs", "setp", "cvt", "testp", "copysign"]
        let special: Set<Substring> = ["ex2", "lg2", "rcp", "sqrt", "rsqrt", "sin", "cos", "tanh", "div"]
        switch base {
        case "mov", "cvta": return
        case _ where special.contains(base) && modifiers.contains("approx"):
            specialFunction += weight
            if base == "div" { fp32 += weight }
        case _ where ["div", "rcp", "sqrt"].contains(base) && (f32 || f64):
            // IEEE rounding: MUFU seed plus Newton steps.
            specialFunction += weight
            if f64 { fp64 += 8 * weight } else { fp32 += 4 * weight }
        case _ where arithmetic.contains(base) && f64:
            fp64 += weight
        case _ where arithmetic.contains(base) && f32 && base != "cvt":
            fp32 += weight
        case "ld", "st", "ldu", "atom", "red":
            let space = modifiers.first { ["global", "local", "shared", "const", "param", "generic"].contains($0) } ?? "generic"
            memory[String(space), default: 0] += weight
        case "bra", "call", "ret", "bar", "exit":
            control += weight
        default:
            integer += weight
        }
    }
}
