import DaemonControl
import HostSystem
import Testing

@Suite struct DaemonControlMethodTests {
    @Test func commandMethodShowsBothCommands() {
        let method = DaemonControlMethod.command(start: Command("start-it"), stop: Command("stop-it", ["now"]))
        #expect(method.description == "command (start: start-it, stop: stop-it now)")
    }
}
