/// Where Docker keeps each kind of state under a data root, for one storage driver.
///
/// Paths here are real paths (already resolved under the host root).
public struct DataRootLayout: Sendable, Hashable {
    public let root: String
    public let driver: String

    public init(root: String, driver: String) {
        self.root = root
        self.driver = driver
    }

    public var imageStore: String { "\(root)/image/\(driver)" }
    public var repositories: String { "\(imageStore)/repositories.json" }
    public var imageContent: String { "\(imageStore)/imagedb/content/sha256" }
    public var imageMetadata: String { "\(imageStore)/imagedb/metadata/sha256" }
    public var layers: String { "\(imageStore)/layerdb/sha256" }
    public var mounts: String { "\(imageStore)/layerdb/mounts" }
    public var containers: String { "\(root)/containers" }
    public var volumes: String { "\(root)/volumes" }
    public var driverHome: String { "\(root)/\(driver)" }
    public var deviceMapperMetadata: String { "\(root)/devicemapper/metadata" }
    public var deviceMapperLoopFiles: String { "\(root)/devicemapper/devicemapper" }

    /// The directory or record that holds a layer's files for this driver, named by its cache-id.
    public func layerLocation(cacheID: String) -> String {
        switch driver {
        case "overlay2", "overlay": return "\(driverHome)/\(cacheID)/diff"
        case "vfs": return "\(driverHome)/dir/\(cacheID)"
        case "aufs": return "\(driverHome)/diff/\(cacheID)"
        case "btrfs": return "\(driverHome)/subvolumes/\(cacheID)"
        case "devicemapper": return "\(deviceMapperMetadata)/\(cacheID)"
        default: return "\(driverHome)/\(cacheID)"
        }
    }
}
