import ArgumentParser
import Foundation
import Inventory
import LayerArchive
import Synchronization

/// `drivershift verify DIR`: re-reads an export store and checks every blob, image ID, layer list and tag.
struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an export store: every blob's sha256, every image ID, layer list and tag.",
        discussion: """
            Re-reads DIR as `drivershift export --to DIR` wrote it (docs/export-store.md): hashes every blob, two \
            at a time, and checks index.json, manifest.json, repositories and drivershift-export.json against the \
            blobs and one another. Each problem names the file concerned and what to do. Exits 1 when it finds an \
            error; warnings alone (a leftover of an interrupted export, an out-of-date legacy file) exit 0.
            """
    )

    @Argument(help: ArgumentHelp("The export store: the directory `drivershift export --to` wrote.", valueName: "dir"))
    var directory: String

    @Option(help: "Output format: table or json.")
    var format: OutputFormat = .table

    func run() async throws {
        let line = ProgressLine()
        let report: ExportStoreReport
        do {
            report = try ExportStoreVerifier(root: directory).verify { line.show($0) }
        } catch {
            line.clear()
            throw FailureReporter.fail(error)
        }
        line.clear()
        // Written unbuffered, so the report comes out before the note on stderr even when both go to one pipe.
        switch format {
        case .table:
            FileHandle.standardOutput.write(Data(Self.table(report).utf8))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try encoder.encode(report) + Data("\n".utf8))
        }
        if report.errors > 0 {
            FailureReporter.note(
                "verify found \(Self.count(report.errors, "error")) in \(report.store); do not import from it until they are fixed"
            )
            throw ExitCode.failure
        }
    }

    static func table(_ report: ExportStoreReport) -> String {
        var lines = ["export store \(report.store)"]
        if report.problems.isEmpty {
            lines.append("PROBLEMS: none found")
        } else {
            lines.append("PROBLEMS (\(report.problems.count))")
            for problem in report.problems {
                var concerned: [String] = []
                if let image = problem.image { concerned.append("image \(image)") }
                if let tag = problem.tag { concerned.append("tag \(tag)") }
                let about = concerned.isEmpty ? "" : " (\(concerned.joined(separator: ", ")))"
                lines.append(
                    "  \(problem.severity.rawValue.uppercased()) [\(problem.code.rawValue)] \(problem.path)\(about)")
                lines.append("    \(problem.message)")
            }
        }
        lines.append(
            "verified \(count(report.blobsChecked, "blob")) (\(ByteCount.format(report.bytesHashed))), "
                + "\(count(report.images, "image")), \(count(report.tags, "tag")): "
                + "\(count(report.errors, "error")), \(count(report.warnings, "warning"))")
        return lines.joined(separator: "\n") + "\n"
    }

    static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

/// Hashing progress on one terminal line of stderr, redrawn at most a few times a second; nothing when stderr is
/// not a terminal, so logs and pipes stay clean.
private final class ProgressLine: Sendable {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let lastDrawn = Mutex<ContinuousClock.Instant?>(nil)

    func show(_ progress: StoreVerifyProgress) {
        guard enabled else { return }
        let now = ContinuousClock.now
        let due = lastDrawn.withLock { last in
            guard last.map({ now - $0 >= .milliseconds(200) }) ?? true else { return false }
            last = now
            return true
        }
        guard due || progress.blobsHashed == progress.blobCount else { return }
        let text =
            "hashing blobs: \(progress.blobsHashed)/\(progress.blobCount), "
            + "\(ByteCount.format(progress.bytesHashed)) of \(ByteCount.format(progress.byteCount))"
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }

    func clear() {
        guard enabled, lastDrawn.withLock({ $0 != nil }) else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
