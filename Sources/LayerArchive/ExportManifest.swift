/// drivershift's own record of an export (`drivershift-export.json`, docs/export-store.md).
public struct ExportManifest: Codable, Sendable, Equatable {
    public static let currentFormatVersion = 1

    public struct Host: Codable, Sendable, Equatable {
        public var hostname: String
        public var hostRoot: String
        public var dataRoot: String
        public var storageDriver: String
        public var dockerVersion: String?

        public init(hostname: String, hostRoot: String, dataRoot: String, storageDriver: String, dockerVersion: String?)
        {
            self.hostname = hostname
            self.hostRoot = hostRoot
            self.dataRoot = dataRoot
            self.storageDriver = storageDriver
            self.dockerVersion = dockerVersion
        }
    }

    public struct Layer: Codable, Sendable, Equatable {
        public var diffID: String
        public var size: UInt64
        /// `tar-split` (replayed from the layer's files; `tar-split+pool-files` or `tar-split+libdevmapper` for a
        /// devicemapper pool, by how it was read) or `daemon` (the Engine API's image export).
        public var source: String

        public init(diffID: String, size: UInt64, source: String) {
            self.diffID = diffID
            self.size = size
            self.source = source
        }
    }

    public struct Image: Codable, Sendable, Equatable {
        public var id: String
        public var tags: [String]
        public var repoDigests: [String]
        public var parent: String?
        public var configSize: UInt64
        public var layers: [Layer]

        public init(
            id: String, tags: [String], repoDigests: [String], parent: String?, configSize: UInt64, layers: [Layer]
        ) {
            self.id = id
            self.tags = tags
            self.repoDigests = repoDigests
            self.parent = parent
            self.configSize = configSize
            self.layers = layers
        }
    }

    public struct NotExported: Codable, Sendable, Equatable {
        public var image: String
        public var tags: [String]
        public var reason: String

        public init(image: String, tags: [String], reason: String) {
            self.image = image
            self.tags = tags
            self.reason = reason
        }
    }

    public var formatVersion: Int
    public var tool: String
    public var createdAt: String
    public var host: Host
    public var images: [Image]
    public var notExported: [NotExported]

    public init(tool: String, createdAt: String, host: Host, images: [Image], notExported: [NotExported]) {
        self.formatVersion = ExportManifest.currentFormatVersion
        self.tool = tool
        self.createdAt = createdAt
        self.host = host
        self.images = images
        self.notExported = notExported
    }
}
