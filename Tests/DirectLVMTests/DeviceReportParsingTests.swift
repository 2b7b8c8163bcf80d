import DirectLVM
import Testing

@Suite struct DeviceReportParsingTests {
    @Test func mountInfoByNumberWithEscapedMountPoint() {
        let text = """
            22 27 0:21 / /proc rw,relatime - proc proc rw
            31 27 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
            90 31 7:3 / /mnt/my\\040data rw,relatime shared:40 master:2 - xfs /dev/loop3 rw,attr2
            garbage line
            """
        let entries = MountTable.parseMountInfo(text)
        #expect(entries.count == 3)
        #expect(entries[1].major == 254 && entries[1].minor == 1 && entries[1].mountPoint == "/")
        #expect(entries[2].mountPoint == "/mnt/my data")
        #expect(entries[2].fileSystemType == "xfs" && entries[2].source == "/dev/loop3")
    }

    @Test func swapsWithoutHeader() {
        let text = """
            Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority
            /dev/vdb2                               partition\t2097148\t\t0\t\t-2
            /swap\\040file                           file\t\t1048572\t\t0\t\t-3
            """
        #expect(MountTable.parseSwaps(text) == ["/dev/vdb2", "/swap file"])
        #expect(MountTable.parseSwaps("Filename\tType\tSize\tUsed\tPriority\n").isEmpty)
    }

    @Test func wipefsJSON() {
        let text = """
            {
               "signatures": [
                  {"device":"loop0", "offset":"0x438", "type":"ext4", "uuid":"5c1e", "label":"data"},
                  {"device":"loop0", "offset":"0x1fe", "type":"dos", "uuid":null, "label":null}
               ]
            }
            """
        let found = DeviceSignature.parseWipefsJSON(text)
        #expect(
            found == [
                DeviceSignature(type: "ext4", offset: "0x438", uuid: "5c1e", label: "data"),
                DeviceSignature(type: "dos", offset: "0x1fe"),
            ])
        #expect(found?.first?.description == "ext4 \"data\" at 0x438")
        #expect(DeviceSignature.parseWipefsJSON("{\n   \"signatures\": [\n\n   ]\n}\n") == [])
        #expect(DeviceSignature.parseWipefsJSON("") == [])
        #expect(DeviceSignature.parseWipefsJSON("wipefs: unrecognized option '--json'") == nil)
    }

    @Test func blkidExport() {
        let lvm = "DEVNAME=/dev/loop0\nUUID=vV2e6C\nVERSION=LVM2\\ 001\nTYPE=LVM2_member\nUSAGE=raid\n"
        #expect(DeviceSignature.parseBlkidExport(lvm) == [DeviceSignature(type: "LVM2_member", uuid: "vV2e6C")])
        let table = "DEVNAME=/dev/sdb\nPTUUID=1a2b\nPTTYPE=gpt\n"
        #expect(DeviceSignature.parseBlkidExport(table) == [DeviceSignature(type: "gpt", uuid: "1a2b")])
    }

    @Test func lvmReportRowsPastWarnings() {
        let output = """
              WARNING: Failed to connect to lvmetad.
              {
                  "report": [
                      {
                          "pv": [
                              {"pv_name":"/dev/loop0", "vg_name":"vg0"},
                              {"pv_name":"/dev/loop1", "vg_name":""}
                          ]
                      }
                  ]
              }
            """
        #expect(
            LVMQuery.rows("pv", in: output) == [
                ["pv_name": "/dev/loop0", "vg_name": "vg0"], ["pv_name": "/dev/loop1", "vg_name": ""],
            ])
        #expect(LVMQuery.rows("vg", in: output) == [])
        #expect(LVMQuery.rows("pv", in: "  Failure to communicate with kernel device-mapper driver.") == nil)
    }

    @Test func poolSizeFromDeviceSize() {
        let mebibyte: UInt64 = 1024 * 1024
        let settings = ThinPoolSettings()
        // 64 MiB: 15 extents of 4 MiB after the 1 MiB label area; 95% of them, rounded down, is 14.
        #expect(ThinPoolSizing.volumeGroupExtents(deviceBytes: 64 * mebibyte) == 15)
        #expect(ThinPoolSizing.poolDataBytes(deviceBytes: 64 * mebibyte, settings: settings) == 56 * mebibyte)
        #expect(ThinPoolSizing.poolDataBytes(deviceBytes: mebibyte, settings: settings) == 0)
        // 100 GiB needed: the smallest device that gives it must really give it, and 4 MiB less must not.
        let needed = 100 * 1024 * mebibyte
        let minimum = ThinPoolSizing.minimumDeviceBytes(forPoolBytes: needed, settings: settings)
        #expect(ThinPoolSizing.poolDataBytes(deviceBytes: minimum, settings: settings) >= needed)
        #expect(ThinPoolSizing.poolDataBytes(deviceBytes: minimum - 4 * mebibyte, settings: settings) < needed)
    }
}
