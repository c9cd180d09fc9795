/// The version of Duban's binaries and of its sync protocol.
public enum DubanVersion {
    /// The release of `duban` and `duban-server`.
    public static let current = "0.1.0"
}
