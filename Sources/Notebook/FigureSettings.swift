import Plot

/// The keys every experiment with a figure shares: `figure` (a path under `figures/`), `title`,
/// `caption` (the setting, in words) and `claim` (the id the figure illustrates, e.g. G1.1). A
/// figure needs all four: the caption printed under it ends with the claim id.
public struct FigureSettings: Sendable {
    public var path: String
    public var title: String
    public var caption: String
    public var claim: String

    public static let keys = ["figure", "title", "caption", "claim"]

    /// The settings, or nil when the block has no `figure`.
    public static func read(_ block: inout ExperimentBlock) throws(NotebookError) -> FigureSettings? {
        guard let path = block.text("figure") else {
            for key in keys.dropFirst() where block.text(key) != nil {
                throw NotebookError.setting(key, "(given)", allowed: "only with a figure: key", line: block.line(of: key))
            }
            return nil
        }
        let allowed = "text (a figure needs a title, a caption stating the setting, and the claim id)"
        return FigureSettings(
            path: try CellContext.figurePath(path, line: block.line(of: "figure")),
            title: try block.required("title", allowed: allowed), caption: try block.required("caption", allowed: allowed),
            claim: try block.required("claim", allowed: "a claim id, e.g. G1.1"))
    }

    /// The caption with its claim: "…. Claim G1.1."
    public var fullCaption: String {
        let text = caption.hasSuffix(".") ? caption : caption + "."
        return "\(text) Claim \(claim)."
    }

    /// A frame with the title, axis labels and full caption.
    public func frame(xLabel: String, yLabel: String) -> PlotFrame {
        PlotFrame(title: title, xLabel: xLabel, yLabel: yLabel, caption: fullCaption)
    }

    /// The output lines that show the figure on a code host: the image, then its caption.
    public var markdown: [String] { ["", "![\(title)](\(path))", "", "*\(fullCaption)*"] }
}
