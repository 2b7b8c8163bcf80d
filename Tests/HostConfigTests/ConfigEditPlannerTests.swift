import Foundation
import HostSystem
import Testing

@testable import HostConfig

@Suite("ConfigEditPlanner: what it edits, what it keeps, what it refuses")
struct ConfigEditPlannerTests {
    static let unitPath = ConfigEditLayouts.vendorUnit

    private func plan(_ host: FakeHost, _ target: StorageTarget = .overlay2) throws -> ConfigEditPlan {
        try ConfigEditPlanner.plan(configuration: try host.read(), hostRoot: host.root, target: target)
    }

    private func edit(_ plan: ConfigEditPlan, _ path: String) -> PlannedFileEdit? {
        plan.edits.first { $0.path == path }
    }

    @Test func unknownMembersKeepTheirBytes() throws {
        let host = try ConfigEditLayouts.unusualDaemonJSON()
        let after = try #require(edit(try plan(host), "/etc/docker/daemon.json")?.after)
        let kept = [
            "{\n\t\"log-driver\":\t\"json-file\",\n\t\"log-opts\" : {\n\t\t\"max-size\": \"10m\",\n",
            "\t\"x-vendor-settings\": {\"nested\": [1, 2.5e3, {\"deep\": [true, null]}], \"s\": \"a, \\\"b\\\"\"},\n"
                + "\t\"live-restore\": true\n}\n",
            "\t\"storage-driver\" :\n\t\t\"overlay2\",\n",
        ]
        for text in kept { #expect(after.contains(text)) }
        #expect(try host.read().daemonJSONKeyOrder.filter { $0 != "storage-opts" } == resultingKeys(after, host))
    }

    private func resultingKeys(_ after: String, _ host: FakeHost) throws -> [String] {
        try host.write("/etc/docker/daemon.json", after)
        return try host.read().daemonJSONKeyOrder
    }

    @Test func daemonJSONStylesForNewKeys() throws {
        let cases: [(String, String)] = [
            ("", "{\n  \"storage-driver\": \"overlay2\"\n}\n"),
            ("{}", "{\n  \"storage-driver\": \"overlay2\"\n}"),
            ("{ \"debug\": true }\n", "{ \"debug\": true, \"storage-driver\": \"overlay2\" }\n"),
            ("{\"debug\":true}", "{\"debug\":true,\"storage-driver\":\"overlay2\"}"),
            (
                "{\r\n    \"debug\": true\r\n}\r\n",
                "{\r\n    \"debug\": true,\r\n    \"storage-driver\": \"overlay2\"\r\n}\r\n"
            ),
            ("{\n\t\"a\": 1,\n\t\"b\": 2\n}\n", "{\n\t\"a\": 1,\n\t\"b\": 2,\n\t\"storage-driver\": \"overlay2\"\n}\n"),
        ]
        for (before, expected) in cases {
            let host = try FakeHost()
            try host.write(Self.unitPath, HostLayouts.dockerCEUnit)
            try host.write("/etc/docker/daemon.json", before)
            let planned = try plan(host)
            #expect(edit(planned, "/etc/docker/daemon.json")?.after == expected, "from \(before.debugDescription)")
            #expect(planned.unresolved == [])
        }
    }

    @Test func storageOptsRewrittenInTheArraysOwnStyle() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.dockerCEUnit)
        try host.write(
            "/etc/docker/daemon.json",
            "{\n  \"storage-opts\": [ \"dm.loopdatasize=200G\",  \"dm.basesize=5G\" ],\n  \"storage-driver\": \"devicemapper\"\n}\n"
        )
        let planned = try plan(host, .directLVM(thinPoolDevice: "/dev/mapper/vg-pool"))
        #expect(
            edit(planned, "/etc/docker/daemon.json")?.after
                == "{\n  \"storage-opts\": [ \"dm.thinpooldev=/dev/mapper/vg-pool\",  \"dm.use_deferred_removal=true\",  "
                + "\"dm.use_deferred_deletion=true\",  \"dm.basesize=5G\" ],\n  \"storage-driver\": \"devicemapper\"\n}\n"
        )
    }

    @Test func overlay2KeepsOnlyOverlay2Options() {
        #expect(
            StorageOptionRules.options(
                for: .overlay2, keeping: ["dm.basesize=10G", "overlay2.size=20G", "OVERLAY2.override_kernel_check=1"])
                == ["overlay2.size=20G", "OVERLAY2.override_kernel_check=1"])
        #expect(
            StorageOptionRules.options(
                for: .directLVM(thinPoolDevice: "/dev/mapper/p"),
                keeping: [
                    "dm.thinpooldev=/dev/mapper/old", "dm.loopdatasize=1G", "dm.directlvm_device=/dev/xvdf",
                    "dm.thinp_percent=95", "DM.MountOpt=nodiscard", "dm.min_free_space=10%", "overlay2.size=1G",
                ]) == [
                    "dm.thinpooldev=/dev/mapper/p", "dm.use_deferred_removal=true", "dm.use_deferred_deletion=true",
                    "DM.MountOpt=nodiscard", "dm.min_free_space=10%",
                ])
    }

    @Test func graphFlagInSysconfigDockerBecomesDataRootKeepingQuotesAndOtherFlags() throws {
        let host = try ConfigEditLayouts.redHatDocker113()
        try host.write(
            "/etc/sysconfig/docker",
            HostLayouts.redHatSysconfigDocker.replacingOccurrences(
                of: "--selinux-enabled --log-driver", with: "--selinux-enabled -g /data/docker --log-driver"))
        let planned = try ConfigEditCheck.checked(host, .overlay2)
        let sysconfig = try #require(edit(planned, "/etc/sysconfig/docker"))
        #expect(
            sysconfig.after
                == HostLayouts.redHatSysconfigDocker.replacingOccurrences(
                    of: "--selinux-enabled --log-driver",
                    with: "--selinux-enabled --data-root /data/docker --log-driver"))
        #expect(planned.resulting.dataRoot == "/data/docker")
        #expect(sysconfig.reason == "OPTIONS: rename -g /data/docker -> --data-root /data/docker")
    }

    @Test func variableFileQuotingStylesAndEscapes() throws {
        let cases: [(String, String)] = [
            (
                "export DOCKER_OPTS='--storage-driver devicemapper --dns 8.8.8.8'\n",
                "export DOCKER_OPTS='--dns 8.8.8.8'\n"
            ),
            ("DOCKER_OPTS=--graph=/srv/d\n", "DOCKER_OPTS=--data-root=/srv/d\n"),
            (
                "DOCKER_OPTS=\"--label \\\"a b\\\" -s devicemapper\" # was: aufs\n",
                "DOCKER_OPTS=\"--label \\\"a b\\\"\" # was: aufs\n"
            ),
            (
                "DOCKER_OPTS=\"-H unix:// \\\n  -s devicemapper \\\n  --dns 1.1.1.1\"\n",
                "DOCKER_OPTS=\"-H unix:// \\\n  --dns 1.1.1.1\"\n"
            ),
            (
                "DOCKER_OPTS='-s devicemapper'\nDOCKER_OPTS=\"$DOCKER_OPTS --storage-opt dm.basesize=5G\"\n",
                "DOCKER_OPTS=''\nDOCKER_OPTS=\"$DOCKER_OPTS\"\n"
            ),
        ]
        for (before, expected) in cases {
            let outcome = VariableAssignmentEditor.edit("DOCKER_OPTS", in: before, path: "/etc/default/docker")
            #expect(outcome.text == expected, "from \(before.debugDescription)")
            #expect(outcome.problems == [])
        }
    }

    @Test func execStartKeepsVariablesQuotesAndArgv0() throws {
        let cases: [(String, String)] = [
            (
                "[Service]\nExecStart=@/usr/bin/dockerd dockerd -s devicemapper $OPTIONS \"--label=a b\"\n",
                "[Service]\nExecStart=@/usr/bin/dockerd dockerd $OPTIONS \"--label=a b\"\n"
            ),
            (
                "[Service]\nExecStart=/usr/bin/dockerd ${EXTRA} --storage-driver ${DRIVER} -g \"/srv/my docker\"\n",
                "[Service]\nExecStart=/usr/bin/dockerd ${EXTRA} --data-root \"/srv/my docker\"\n"
            ),
            (
                "[Service]\nExecStart=/usr/bin/dockerd \\\n  -H fd:// \\\n# old driver\n  -s devicemapper\nRestart=always\n",
                "[Service]\nExecStart=/usr/bin/dockerd \\\n  -H fd://\n# old driver\nRestart=always\n"
            ),
        ]
        for (before, expected) in cases {
            let outcome = ExecStartEditor.edit(before, path: "/etc/systemd/system/docker.service")
            #expect(outcome.text == expected, "from \(before.debugDescription)")
            #expect(outcome.problems == [])
        }
    }

    @Test func storageSetupFileIsCreatedWhenOnlyItsUnitExists() throws {
        let host = try ConfigEditLayouts.redHatDocker113()
        try FileManagerHelper.remove(host, "/etc/sysconfig/docker-storage-setup")
        let planned = try ConfigEditCheck.checked(host, .overlay2)
        let setup = try #require(edit(planned, "/etc/sysconfig/docker-storage-setup"))
        #expect(setup.createsFile)
        #expect(setup.newFileMode == 0o644)
        #expect(setup.after.hasSuffix("\nSTORAGE_DRIVER=\n"))
    }

    @Test func storageSetupThatMountsAVolumeIsRefused() throws {
        let host = try ConfigEditLayouts.redHatDocker113()
        try host.write(
            "/etc/sysconfig/docker-storage-setup",
            HostLayouts.redHatStorageSetup + "CONTAINER_ROOT_LV_NAME=container-root-lv\n"
                + "CONTAINER_ROOT_LV_MOUNT_PATH=/var/lib/docker\n")
        let planned = try plan(host)
        #expect(
            planned.unresolved.map(\.path) == [
                "/etc/sysconfig/docker-storage-setup", "/etc/sysconfig/docker-storage-setup",
            ])
        #expect(planned.unresolved.first?.message.contains("CONTAINER_ROOT_LV_NAME=container-root-lv") == true)
        #expect(!planned.isComplete)
    }

    @Test func environmentLineWithStorageFlagsIsRefused() throws {
        let host = try FakeHost()
        try host.write(
            "/etc/systemd/system/docker.service",
            "[Service]\nEnvironment=\"STORAGE=-s devicemapper\"\nExecStart=/usr/bin/dockerd -H fd:// $STORAGE\n")
        let planned = try plan(host)
        #expect(planned.unresolved.count >= 2)
        #expect(
            planned.unresolved.first?.message.hasPrefix(
                "Environment=STORAGE in /etc/systemd/system/docker.service line 2 passes -s devicemapper") == true)
        // The re-read sees the flag still in effect, and the conflict it makes with daemon.json.
        #expect(planned.resulting.conflicts.map(\.key) == ["storage-driver"])
    }

    @Test func shorthandRunTogetherIsRefused() throws {
        let host = try FakeHost()
        try host.write("/etc/systemd/system/docker.service", "[Service]\nExecStart=/usr/bin/dockerd -Ds devicemapper\n")
        let planned = try plan(host)
        #expect(planned.unresolved.first?.message.contains("passes '-Ds devicemapper'") == true)
        #expect(planned.edits.map(\.path) == ["/etc/docker/daemon.json"])
    }

    @Test func brokenDaemonJSONIsRefusedNotRewritten() throws {
        let host = try ConfigEditLayouts.dockerCE1809()
        try host.write("/etc/docker/daemon.json", "{\"storage-driver\": \"devicemapper\",}\n")
        let planned = try plan(host)
        #expect(planned.edits == [])
        #expect(planned.unresolved.first?.message.hasPrefix("/etc/docker/daemon.json is not valid JSON") == true)
    }

    @Test func graphAndDataRootWithDifferentValuesAreRefused() throws {
        let host = try ConfigEditLayouts.dockerCE1809()
        try host.write("/etc/docker/daemon.json", "{\"graph\": \"/a\", \"data-root\": \"/b\"}")
        #expect(try plan(host).unresolved.first?.message.contains("sets both graph and data-root") == true)
        try host.write("/etc/docker/daemon.json", "{\"graph\": \"/a\", \"data-root\": \"/a\"}")
        let same = try plan(host)
        #expect(
            edit(same, "/etc/docker/daemon.json")?.after == "{\"data-root\": \"/a\", \"storage-driver\": \"overlay2\"}")
    }

    @Test func runtimeAndLinkedUnitsGetADropInInstead() throws {
        let host = try FakeHost()
        try host.write(Self.unitPath, "[Service]\nExecStart=/usr/bin/dockerd -s devicemapper\n")
        try host.link("/etc/systemd/system/docker.service", to: Self.unitPath)
        try host.write(
            "/run/systemd/system/docker.service.d/50-flags.conf",
            "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// --storage-driver=devicemapper\n")
        let planned = try ConfigEditCheck.checked(host, .overlay2)
        #expect(
            planned.edits.map(\.path) == [
                "/etc/docker/daemon.json", "/etc/systemd/system/docker.service.d/90-drivershift-storage.conf",
            ])
        #expect(planned.edits.last?.after.hasSuffix("ExecStart=\nExecStart=/usr/bin/dockerd -H fd://\n") == true)
    }

    @Test func flagsNotInEffectAreRemovedToo() throws {
        // Docker CE's unit does not read Red Hat's leftover docker-storage, but nobody should mistake it for real.
        let host = try FakeHost()
        try host.write(Self.unitPath, HostLayouts.dockerCEUnit)
        try host.write("/etc/sysconfig/docker-storage", HostLayouts.redHatDockerStorage)
        let planned = try ConfigEditCheck.checked(host, .overlay2)
        #expect(edit(planned, "/etc/sysconfig/docker-storage")?.after == "DOCKER_STORAGE_OPTIONS=\"\"\n")
        #expect(planned.resulting.problems == [])
    }
}

enum FileManagerHelper {
    static func remove(_ host: FakeHost, _ path: String) throws {
        try FileManager.default.removeItem(atPath: host.root.resolve(path))
    }
}
