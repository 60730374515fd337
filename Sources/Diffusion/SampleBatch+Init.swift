extension SampleBatch {
    /// A batch made by another backend (the CUDA sampler): the same fields `Sampler.run` fills;
    /// `meanPath` and `paths` stay empty where the backend does not track them.
    public init(dimension: Int, positions: [Double], times: [Double], scoreEvaluations: Int, meanPath: [Double] = [], paths: [[Double]] = []) {
        self.init(dimension: dimension, positions: positions, times: times, meanPath: meanPath, paths: paths, scoreEvaluations: scoreEvaluations)
    }
}
