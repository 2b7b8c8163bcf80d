// The README's demo: `drivershift-sandbox up`, then `drivershift inventory --host-root DIR --host ...`, then `down`.
// Inside an async function the async main() wins overload resolution; at top level the synchronous one would.
func runSandboxCommand() async {
    await SandboxCommand.main()
}
await runSandboxCommand()
