import HostConfig

/// Host trees for the config-edit tests, built from `HostLayouts` and a few daemon.json files as people write them.
enum ConfigEditLayouts {
    static let thinPool = StorageTarget.directLVM(thinPoolDevice: "/dev/mapper/docker-thinpool")
    static let vendorUnit = "/usr/lib/systemd/system/docker.service"

    /// CentOS 7, Red Hat's docker 1.13: flags from docker-storage, written by container-storage-setup.
    static func redHatDocker113() throws -> FakeHost {
        let host = try FakeHost()
        try host.write(vendorUnit, HostLayouts.redHatDockerUnit)
        try host.write("/usr/lib/systemd/system/docker-storage-setup.service", HostLayouts.storageSetupUnit)
        try host.write("/etc/sysconfig/docker", HostLayouts.redHatSysconfigDocker)
        try host.write("/etc/sysconfig/docker-storage", HostLayouts.redHatDockerStorage)
        try host.write("/etc/sysconfig/docker-storage-setup", HostLayouts.redHatStorageSetup)
        return host
    }

    static let dockerCEDaemonJSON = """
        {
            "storage-driver": "devicemapper",
            "storage-opts": [
                "dm.thinpooldev=/dev/mapper/docker-thinpool",
                "dm.use_deferred_removal=true",
                "dm.use_deferred_deletion=true",
                "dm.basesize=20G",
                "dm.loopdatasize=200G"
            ],
            "log-driver": "json-file",
            "log-opts": {
                "max-size": "100m",
                "max-file": "3"
            }
        }

        """

    /// CentOS 7, Docker CE 18.09 with devicemapper configured in daemon.json.
    static func dockerCE1809() throws -> FakeHost {
        let host = try FakeHost()
        try host.write(vendorUnit, HostLayouts.dockerCEUnit)
        try host.write("/etc/docker/daemon.json", dockerCEDaemonJSON)
        return host
    }

    /// An administrator's drop-in replacing ExecStart= with storage flags, over continuation lines.
    static func storageDropIn() throws -> FakeHost {
        let host = try FakeHost()
        try host.write(vendorUnit, HostLayouts.dockerCEUnit)
        try host.write(
            "/etc/systemd/system/docker.service.d/storage.conf",
            """
            # Storage for the build farm (ticket OPS-1234).
            [Service]
            ExecStart=
            ExecStart=/usr/bin/dockerd -H fd:// \\
                      --storage-driver=devicemapper \\
                      --storage-opt dm.basesize=20G \\
                      --containerd=/run/containerd/containerd.sock \\
                      --storage-opt=dm.loopdatasize=200G

            """)
        return host
    }

    /// A package's unit passing storage flags itself, next to an administrator's unrelated drop-in.
    static func vendorUnitWithFlags() throws -> FakeHost {
        let host = try FakeHost()
        try host.write(
            "/lib/systemd/system/docker.service",
            """
            [Unit]
            Description=Docker Application Container Engine

            [Service]
            Type=notify
            ExecStart=/usr/bin/dockerd -H fd:// -s devicemapper --storage-opt dm.basesize=20G --log-level warn
            ExecReload=/bin/kill -s HUP $MAINPID

            [Install]
            WantedBy=multi-user.target

            """)
        try host.write(
            "/etc/systemd/system/docker.service.d/http-proxy.conf",
            "[Service]\nEnvironment=\"HTTP_PROXY=http://proxy.example.com:3128\"\n")
        return host
    }

    /// Ubuntu 14.04-style: sysvinit/upstart start dockerd with $DOCKER_OPTS from /etc/default/docker.
    static func ubuntuInitScript() throws -> FakeHost {
        let host = try FakeHost()
        try host.write("/etc/init.d/docker", "#!/bin/sh\n")
        try host.write("/etc/default/docker", HostLayouts.ubuntuDefaultDocker)
        return host
    }

    static let tabbedDaemonJSON =
        "{\n\t\"log-driver\":\t\"json-file\",\n\t\"log-opts\" : {\n\t\t\"max-size\": \"10m\",\n"
        + "\t\t\"labels\": [\"a\", \"b\"]\n\t},\n\t\"storage-driver\" :\n\t\t\"devicemapper\",\n"
        + "\t\"storage-opts\": [ \"dm.basesize=10G\", \"dm.loopdatasize=200G\" ],\n"
        + "\t\"x-vendor-settings\": {\"nested\": [1, 2.5e3, {\"deep\": [true, null]}], \"s\": \"a, \\\"b\\\"\"},\n"
        + "\t\"live-restore\": true\n}\n"

    /// daemon.json with tabs, a key split over two lines, nested values and keys drivershift does not know.
    static func unusualDaemonJSON() throws -> FakeHost {
        let host = try FakeHost()
        try host.write(vendorUnit, HostLayouts.dockerCEUnit)
        try host.write("/etc/docker/daemon.json", tabbedDaemonJSON)
        return host
    }

    static let oneLineDaemonJSON =
        #"{"live-restore":true,"storage-opts":["dm.basesize=10G","dm.fs=xfs","dm.datadev=/dev/sdb1"],"debug":false,"#
        + #""registry-mirrors":["https://mirror.example.com"]}"#

    /// daemon.json on one line, without a final newline, and no storage-driver yet (dockerd picked devicemapper).
    static func oneLineDaemonJSONHost() throws -> FakeHost {
        let host = try FakeHost()
        try host.write(vendorUnit, HostLayouts.dockerCEUnit)
        try host.write("/etc/docker/daemon.json", oneLineDaemonJSON)
        return host
    }

    /// The legacy graph key (data-root's name before Docker 17.05).
    static func legacyGraph() throws -> FakeHost {
        let host = try FakeHost()
        try host.write(vendorUnit, HostLayouts.dockerCEUnit)
        try host.write(
            "/etc/docker/daemon.json",
            "{\n  \"graph\": \"/data/docker\",\n  \"storage-driver\": \"devicemapper\",\n  \"debug\": true\n}\n")
        return host
    }
}
