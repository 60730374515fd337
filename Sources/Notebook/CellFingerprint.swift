/// The fingerprint of a cell's inputs stored in its output marker (`inputs=`): FNV-1a (64 bit)
/// of the cell's info string, its lines and the profile, as 16 hex digits. It tells `check` a
/// stale output whose cell was edited (the fingerprint differs) from one the code now computes
/// differently (it matches); it is not a security hash.
///
/// ```
/// h₀ = 0xcbf29ce484222325,   h ← (h ⊕ byte) · 0x100000001b3  (mod 2⁶⁴) for each UTF-8 byte
/// ```
public enum CellFingerprint {
    public static func of(_ cell: NotebookCell, profile: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let text = ([cell.info] + cell.body + ["profile=\(profile)"]).joined(separator: "\n")
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
