// swift-tools-version:6.1
import PackageDescription

// Targets are listed in data-flow order: C libraries at the boundary, then the readers of Docker's
// state, then the inventory that combines them, then the faces. Dependencies only point upward.
let package = Package(
    name: "drivershift",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "drivershift", targets: ["drivershift"]),
        .executable(name: "drivershift-sandbox", targets: ["drivershift-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // C libraries, linked from the system (Debian: libarchive-dev, libdevmapper-dev).
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        .systemLibrary(
            name: "CDeviceMapper",
            pkgConfig: "devmapper",
            providers: [.apt(["libdevmapper-dev"])]
        ),
        // libdevmapper's log callback is variadic; Swift cannot implement one, so a tiny C trampoline does.
        .target(name: "CDeviceMapperShim", dependencies: ["CDeviceMapper"]),
        // sync_file_range and posix_fadvise, which glibc declares only under _GNU_SOURCE.
        .target(name: "CFileIO"),

        .target(
            name: "HostSystem",
            dependencies: [
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "LayerArchive",
            dependencies: ["CArchive", "CFileIO", "HostSystem", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "DockerState",
            dependencies: ["HostSystem", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "DockerEngine",
            dependencies: [
                "HostSystem",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "ThinPool", dependencies: ["CDeviceMapper", "CDeviceMapperShim", "HostSystem"]),
        // A pool read from its data and metadata files alone (thin_check, thin_dump, loop mounts): the rescue path
        // for kernels without device-mapper and pools whose daemon is gone.
        .target(name: "PoolFiles", dependencies: ["CFileIO", "HostSystem", "DockerState", "ThinPool"]),
        .target(name: "HostConfig", dependencies: ["HostSystem"]),
        .target(
            name: "Inventory",
            dependencies: [
                "DockerState", "DockerEngine", "ThinPool", "PoolFiles", "LayerArchive", "HostConfig", "HostSystem",
            ]
        ),
        // Export of images as verified, byte-identical layer tars into an export store.
        .target(
            name: "ImageExport",
            dependencies: ["Inventory", "LayerArchive", "DockerEngine", "DockerState", "PoolFiles", "HostSystem"]
        ),
        // Switching the storage driver: daemon control, direct-lvm provisioning, preflight, and the switch itself.
        .target(
            name: "DaemonControl",
            dependencies: [
                "HostSystem", "DockerEngine",
            ]
        ),
        .target(name: "DirectLVM", dependencies: ["HostSystem"]),
        .target(
            name: "Preflight",
            dependencies: [
                "Inventory", "HostConfig", "DirectLVM", "DockerEngine", "ThinPool", "HostSystem",
            ]
        ),
        .target(
            name: "StorageSwitch",
            dependencies: [
                "Preflight", "HostConfig", "DirectLVM", "DaemonControl", "Inventory", "DockerEngine", "HostSystem",
            ]
        ),
        // Loading an export store into the new daemon, and checking every image, tag and diff_id afterwards.
        .target(
            name: "ImageImport",
            dependencies: ["LayerArchive", "DockerEngine", "DockerState", "HostSystem"]
        ),
        // Containers and volumes across a migration: snapshots read from disk, recreation, volume digests.
        .target(
            name: "ContainerCarry",
            dependencies: [
                "DockerEngine", "DockerState", "HostSystem", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The migration engine: plans, journal, runner, the steps and the reports.
        .target(
            name: "Migration",
            dependencies: [
                "StorageSwitch", "Preflight", "HostConfig", "DaemonControl", "DirectLVM", "Inventory", "ImageExport",
                "ImageImport", "ContainerCarry", "LayerArchive", "DockerEngine", "HostSystem",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The fleet rollout's summary: one table from the reports the Ansible playbook fetched.
        .target(name: "FleetSummary", dependencies: ["Migration"]),
        // A throwaway dockerd with sample images: used by the tests and by the README's demo.
        .target(name: "Sandbox", dependencies: ["HostSystem", "DockerEngine"]),
        // The interactive face over the engine: screens, terminal handling, live progress (`drivershift wizard`).
        .target(
            name: "Wizard",
            dependencies: [
                "Migration", "StorageSwitch", "Preflight", "Inventory", "DirectLVM", "HostConfig", "HostSystem",
                "DaemonControl", "DockerState",
            ]
        ),

        .executableTarget(
            name: "drivershift",
            dependencies: [
                "Inventory", "ImageExport", "LayerArchive", "StorageSwitch", "Preflight", "HostConfig",
                "DaemonControl", "DirectLVM", "HostSystem", "Migration", "FleetSummary", "Wizard", "PoolFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "drivershift-sandbox",
            dependencies: ["Sandbox", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Shared by the integration suites: the built binary, CI evidence, scratch directories.
        .target(name: "DriverShiftTestSupport", dependencies: ["HostSystem"], path: "Tests/DriverShiftTestSupport"),
        .testTarget(name: "HostSystemTests", dependencies: ["HostSystem"]),
        .testTarget(
            name: "HostConfigTests", dependencies: ["HostConfig", "HostSystem", "Sandbox", "DriverShiftTestSupport"]
        ),
        .testTarget(name: "ThinPoolTests", dependencies: ["ThinPool"]),
        .testTarget(
            name: "PoolFilesTests", dependencies: ["PoolFiles", "HostSystem", "DockerState", "DriverShiftTestSupport"]
        ),
        .testTarget(name: "LayerArchiveTests", dependencies: ["LayerArchive"], exclude: ["Fixtures"]),
        .testTarget(name: "DockerStateTests", dependencies: ["DockerState"]),
        .testTarget(
            name: "ImageExportTests",
            dependencies: [
                "ImageExport", "Inventory", "Sandbox", "LayerArchive", "DockerState", "HostSystem",
                "DriverShiftTestSupport",
            ]
        ),
        .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "HostSystem"]),
        .testTarget(
            name: "InventoryTests",
            dependencies: [
                "Inventory", "Sandbox", "DockerEngine", "DockerState", "PoolFiles", "HostSystem",
                "DriverShiftTestSupport",
            ]
        ),
        .testTarget(
            name: "DaemonControlTests",
            dependencies: ["DaemonControl", "DockerEngine", "Sandbox", "HostSystem", "DriverShiftTestSupport"]
        ),
        .testTarget(name: "DirectLVMTests", dependencies: ["DirectLVM", "HostSystem", "DriverShiftTestSupport"]),
        .testTarget(
            name: "PreflightTests",
            dependencies: [
                "Preflight", "Inventory", "HostConfig", "DirectLVM", "Sandbox", "HostSystem", "DriverShiftTestSupport",
            ]
        ),
        .testTarget(
            name: "StorageSwitchTests",
            dependencies: [
                "StorageSwitch", "Preflight", "HostConfig", "DaemonControl", "DirectLVM", "Inventory", "Sandbox",
                "HostSystem", "DriverShiftTestSupport",
            ]
        ),
        .testTarget(
            name: "ImageImportTests",
            dependencies: [
                "ImageImport", "ImageExport", "Inventory", "Sandbox", "LayerArchive", "DockerEngine", "DockerState",
                "HostSystem", "DriverShiftTestSupport",
            ]
        ),
        .testTarget(
            name: "ContainerCarryTests",
            dependencies: [
                "ContainerCarry", "Sandbox", "DockerEngine", "DockerState", "HostSystem", "DriverShiftTestSupport",
            ]
        ),
        .testTarget(
            name: "MigrationTests",
            dependencies: [
                "Migration", "StorageSwitch", "Inventory", "Sandbox", "DockerEngine", "HostSystem", "LayerArchive",
                "ContainerCarry", "DriverShiftTestSupport",
            ]
        ),
        .testTarget(name: "FleetSummaryTests", dependencies: ["FleetSummary", "Migration"], exclude: ["Fixtures"]),
        // Real ansible-playbook over real SSH to three sandbox hosts on this machine.
        .testTarget(name: "FleetTests", dependencies: ["DriverShiftTestSupport", "HostSystem"]),
        .testTarget(
            name: "WizardTests",
            dependencies: [
                "Wizard", "Migration", "Inventory", "Preflight", "DirectLVM", "HostSystem", "Sandbox", "ContainerCarry",
                "DriverShiftTestSupport",
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
