import Foundation
import StorageSwitch

/// The switch's steps as plain lines on stderr: few, slow steps need no bar.
struct SwitchProgressView: StorageSwitchObserver {
    func handle(_ event: StorageSwitchEvent) {
        let line: String
        switch event {
        case .stepStarted(let step): line = "==> \(step)"
        case .commandRunning(let command): line = "    $ \(command)"
        case .fileWritten(let path, let backup): line = "    wrote \(path)" + (backup.map { " (backup \($0))" } ?? "")
        case .stepFinished: return
        case .rollingBack(let reason): line = "!!! \(reason)\n==> rolling back"
        case .note(let text): line = "    \(text)"
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
