/// The stable identifiers of the checks this module makes, for machines, plans and tests.
public enum PreflightCheckID {
    public static let overlayKernel = "overlay.kernel"
    public static let overlayDType = "overlay.d-type"
    public static let dockerVersion = "docker.version"
    public static let selinux = "selinux"
    public static let spaceExport = "space.export"
    public static let spaceTarget = "space.target"
    public static let containersRunning = "containers.running"
    public static let imagesUnexportable = "images.unexportable"
    public static let containersWritableData = "containers.writable-data"
    public static let poolState = "pool.state"
    public static let configConflict = "config.conflict"
    public static let driverAlreadyTarget = "driver.already-target"
}
