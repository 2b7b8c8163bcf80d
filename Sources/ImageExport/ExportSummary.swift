/// The outcome of an export, for the recap and the exit code.
public struct ExportSummary: Sendable, Codable, Equatable {
    public var storeRoot: String
    public var source: String
    public var imagesExported: Int
    public var imagesNotExported: Int
    public var layersWritten: Int
    public var layersReused: Int
    public var layersFailed: Int
    public var bytesWritten: UInt64
    public var seconds: Double

    public var succeeded: Bool { imagesNotExported == 0 && layersFailed == 0 }
}
