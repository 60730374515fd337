/// A declarative experiment an `experiment` cell names with `kind:`: it reads its settings from
/// the block (failing on a bad or unknown key), then runs and returns the cell's output.
public protocol Experiment {
    /// The `kind:` value.
    static var kind: String { get }
    /// One line: what it computes.
    static var summary: String { get }
    /// Its keys, for the unknown-key error and the docs.
    static var keys: [String] { get }

    init(_ block: inout ExperimentBlock, context: CellContext) throws
    func run(_ context: CellContext) throws -> CellResult
}

/// The experiments an `experiment` cell can name. (Dispatch is a switch on the kind: opening an
/// `any Experiment.Type` here crashes the Swift 6.3.1 compiler.)
public enum ExperimentKinds {
    /// The `kind:` values, with their summaries.
    public static let all: [(kind: String, summary: String)] = [
        (FlowLawExperiment.kind, FlowLawExperiment.summary), (SampleExperiment.kind, SampleExperiment.summary),
        (ReciprocalPosteriorExperiment.kind, ReciprocalPosteriorExperiment.summary),
        (GaussianScoreErrorExperiment.kind, GaussianScoreErrorExperiment.summary), (TeleportationExperiment.kind, TeleportationExperiment.summary),
        (ScoreErrorShareExperiment.kind, ScoreErrorShareExperiment.summary), (GaussianFlowExperiment.kind, GaussianFlowExperiment.summary),
        (GuidanceWindowExperiment.kind, GuidanceWindowExperiment.summary),
    ]

    /// Reads the block and runs the experiment it names.
    public static func run(_ body: [String], cellLine: Int, context: CellContext) throws -> CellResult {
        var block = try ExperimentBlock(body: body, cellLine: cellLine)
        let names = all.map(\.kind)
        switch try block.choice("kind", default: "", from: names) {
        case FlowLawExperiment.kind: return try run(FlowLawExperiment.self, &block, context: context)
        case SampleExperiment.kind: return try run(SampleExperiment.self, &block, context: context)
        case ReciprocalPosteriorExperiment.kind: return try run(ReciprocalPosteriorExperiment.self, &block, context: context)
        case GaussianScoreErrorExperiment.kind: return try run(GaussianScoreErrorExperiment.self, &block, context: context)
        case TeleportationExperiment.kind: return try run(TeleportationExperiment.self, &block, context: context)
        case ScoreErrorShareExperiment.kind: return try run(ScoreErrorShareExperiment.self, &block, context: context)
        case GaussianFlowExperiment.kind: return try run(GaussianFlowExperiment.self, &block, context: context)
        case GuidanceWindowExperiment.kind: return try run(GuidanceWindowExperiment.self, &block, context: context)
        default: throw NotebookError.setting("kind", "(missing)", allowed: "one of " + names.joined(separator: ", "), line: cellLine)
        }
    }

    static func run<E: Experiment>(_ type: E.Type, _ block: inout ExperimentBlock, context: CellContext) throws -> CellResult {
        let experiment = try E(&block, context: context)
        try block.finish(allowed: ["kind"] + E.keys)
        return try experiment.run(context)
    }
}
