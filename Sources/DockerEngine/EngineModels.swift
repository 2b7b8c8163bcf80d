// The parts of the Engine API's answers drivershift reads. Field names are the API's own.

public struct EngineVersion: Decodable, Sendable {
    public let Version: String
    public let ApiVersion: String
    public let MinAPIVersion: String?
    public let Os: String?
    public let Arch: String?
    public let KernelVersion: String?
}

public struct EngineInfo: Decodable, Sendable {
    public let Driver: String
    /// Pairs like ["Pool Name", "docker-8:1-1234-pool"], ["Data Space Used", "1.2 GB"].
    public let DriverStatus: [[String]]?
    public let DockerRootDir: String
    public let ServerVersion: String?

    public func driverStatus(_ key: String) -> String? {
        DriverStatus?.first { $0.first == key }.flatMap { $0.count > 1 ? $0[1] : nil }
    }
}

public struct EngineImageSummary: Decodable, Sendable {
    public let Id: String
    public let RepoTags: [String]?
    public let RepoDigests: [String]?
    public let ParentId: String?
}

public struct EngineImage: Decodable, Sendable {
    public struct RootFS: Decodable, Sendable {
        public let `Type`: String
        public let Layers: [String]?
    }
    public struct GraphDriver: Decodable, Sendable {
        public let Name: String
        public let Data: [String: String]?
    }
    public let Id: String
    public let RepoTags: [String]?
    public let RepoDigests: [String]?
    public let Parent: String?
    public let Created: String?
    public let Size: Int64?
    public let RootFS: RootFS
    public let GraphDriver: GraphDriver?
    /// The commit message, and the container an image was committed from (empty for built or loaded images).
    public let Comment: String?
    public let Container: String?
}

public struct EngineContainerSummary: Decodable, Sendable {
    public let Id: String
    public let Names: [String]?
    public let Image: String?
    public let ImageID: String?
    public let State: String?
    public let SizeRw: Int64?
}

public struct EngineContainer: Decodable, Sendable {
    public struct State: Decodable, Sendable { public let Status: String }
    public struct Config: Decodable, Sendable { public let Image: String? }
    public let Id: String
    public let Name: String
    public let Image: String
    public let State: State
    public let Driver: String?
    public let Created: String?
    public let Config: Config?
}

public struct EngineVolume: Decodable, Sendable {
    public struct UsageData: Decodable, Sendable {
        public let Size: Int64
        public let RefCount: Int64
    }
    public let Name: String
    public let Driver: String
    public let Mountpoint: String
    public let UsageData: UsageData?
}

public struct EngineVolumeList: Decodable, Sendable {
    public let Volumes: [EngineVolume]?
}

public struct EngineDiskUsage: Decodable, Sendable {
    public let Volumes: [EngineVolume]?
}
