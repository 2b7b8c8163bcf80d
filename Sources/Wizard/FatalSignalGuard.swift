#if canImport(Glibc)
    import Glibc
#endif

// What a crash handler needs, kept where a signal handler can reach it without allocating or locking.
nonisolated(unsafe) private var savedSettings = termios()
nonisolated(unsafe) private var hasSavedSettings = false
nonisolated(unsafe) private var previousActions: [sigaction] = Array(repeating: sigaction(), count: 65)

private func restoreTerminalAndDie(
    _ number: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?
) {
    if hasSavedSettings { _ = tcsetattr(STDIN_FILENO, TCSANOW, &savedSettings) }
    let reset: StaticString = "\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\n"
    _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
    // Swift's crash backtracer, when it was installed, prints its backtrace on a usable terminal now...
    let previous = previousActions[Int(number)]
    if previous.sa_flags & SA_SIGINFO != 0, let handler = previous.__sigaction_handler.sa_sigaction {
        handler(number, info, context)
    }
    // ...and the signal's default action ends the process either way (a core dump, the status naming it).
    signal(number, SIG_DFL)
    raise(number)
}

/// A crash (a Swift trap is SIGILL or SIGTRAP, an abort SIGABRT) must not leave the person's terminal raw and
/// on the alternate screen: these handlers put the settings back, let the backtracer speak, and end the process.
enum FatalSignalGuard {
    static let signals = [SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE]

    static func arm(restoring settings: termios) {
        savedSettings = settings
        hasSavedSettings = true
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = restoreTerminalAndDie
            action.sa_flags = SA_SIGINFO
            sigemptyset(&action.sa_mask)
            _ = sigaction(number, &action, &previousActions[Int(number)])
        }
    }

    static func disarm() {
        guard hasSavedSettings else { return }
        hasSavedSettings = false
        for number in signals { _ = sigaction(number, &previousActions[Int(number)], nil) }
    }
}
