import DockerState
import Inventory

/// What the wizard tells about a host, taken from the inventory: small and plain, so screens are easy to test.
public struct HostFacts: Sendable, Equatable {
    public struct Pool: Sendable, Equatable {
        public var mode: String
        public var name: String?
        public var dataUsed: UInt64?
        public var dataTotal: UInt64?
        public var metadataUsed: UInt64?
        public var metadataTotal: UInt64?
        /// `rw`, `ro`, `out_of_data_space`, `Fail`, or nil when it could not be read.
        public var health: String?
        public var needsCheck: Bool
        public var unavailable: String?
        /// Host path of a loop-lvm pool's data file.
        public var dataFile: String?
    }

    public struct Problem: Sendable, Equatable {
        public var isError: Bool
        public var subject: String
        public var message: String
    }

    public var dockerVersion: String?
    public var daemonRunning: Bool
    public var daemonNote: String?
    public var dataRoot: String
    public var driver: String?
    public var pool: Pool?
    public var images: Int
    public var taggedImages: Int
    public var untaggedImages: Int
    public var layers: Int
    public var exportBytes: UInt64
    public var containers: Int
    public var runningContainers: Int
    /// Containers whose writable layer holds changes (or whose size could not be told: they count as changed).
    public var changedContainers: Int
    public var volumes: Int
    public var volumeBytes: UInt64
    public var problems: [Problem]

    public init(_ inventory: HostInventory) {
        let docker = inventory.docker
        dockerVersion = docker.version
        daemonRunning = docker.daemonRunning
        daemonNote = docker.daemonNote
        dataRoot = docker.dataRoot
        driver = docker.storageDriver
        pool = inventory.pool.map { pool in
            Pool(
                mode: pool.mode.rawValue, name: pool.poolName, dataUsed: pool.usage?.dataUsedBytes,
                dataTotal: pool.usage?.dataTotalBytes, metadataUsed: pool.usage?.metadataUsedBytes,
                metadataTotal: pool.usage?.metadataTotalBytes, health: pool.usage?.health,
                needsCheck: pool.usage?.needsCheck == true, unavailable: pool.liveStatusUnavailable,
                dataFile: pool.dataFile?.path)
        }
        let totals = inventory.totals
        images = totals.images
        taggedImages = totals.taggedImages
        untaggedImages = totals.images - totals.taggedImages
        layers = totals.uniqueLayers
        exportBytes = totals.exportBytesAll
        containers = totals.containers
        runningContainers = inventory.containers.filter { $0.state == "running" }.count
        changedContainers = inventory.containers.filter { ($0.writableLayerBytes ?? 1) > 0 }.count
        volumes = totals.volumes
        volumeBytes = totals.volumeBytes
        problems = inventory.problems.map {
            Problem(isError: $0.severity == .error, subject: $0.subject, message: $0.message)
        }
    }

    init(
        dockerVersion: String?, daemonRunning: Bool, dataRoot: String, driver: String?, pool: Pool? = nil,
        images: Int = 0, taggedImages: Int = 0, layers: Int = 0, exportBytes: UInt64 = 0, containers: Int = 0,
        runningContainers: Int = 0, changedContainers: Int = 0, volumes: Int = 0, volumeBytes: UInt64 = 0,
        problems: [Problem] = []
    ) {
        self.dockerVersion = dockerVersion
        self.daemonRunning = daemonRunning
        self.daemonNote = nil
        self.dataRoot = dataRoot
        self.driver = driver
        self.pool = pool
        self.images = images
        self.taggedImages = taggedImages
        self.untaggedImages = images - taggedImages
        self.layers = layers
        self.exportBytes = exportBytes
        self.containers = containers
        self.runningContainers = runningContainers
        self.changedContainers = changedContainers
        self.volumes = volumes
        self.volumeBytes = volumeBytes
        self.problems = problems
    }
}
