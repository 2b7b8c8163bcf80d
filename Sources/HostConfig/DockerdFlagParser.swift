/// Reads dockerd's command-line words as dockerd's flag library (pflag) does.
///
/// Only the flags that decide where and how images are stored are interpreted; every other word is kept
/// as written, grouped with its value, so that the line it came from can be rewritten without loss.
enum DockerdFlagParser {
    /// One parsed argument, and the source of its value when the value is a separate word from elsewhere
    /// (`--storage-driver $DRIVER`): the setting is attributed to where the value lives.
    struct Parsed: Sendable, Equatable {
        var argument: DockerdArgument
        var valueSource: ConfigSource
    }

    /// The storage-related flags (long names) and the daemon.json key each stands for. `config-file` has no
    /// key in daemon.json; it is kept under its own name because it says which daemon.json is read.
    static let storageFlags: [String: String] = [
        "storage-driver": "storage-driver",
        "storage-opt": "storage-opts",
        "data-root": "data-root",
        "graph": "graph",
        "exec-root": "exec-root",
        "config-file": "config-file",
        "host": "hosts",
    ]

    /// Keys whose flag may be repeated, each occurrence adding a value.
    static let listKeys: Set<String> = ["storage-opts", "hosts"]

    /// Shorthands that take a value, by the long name they stand for.
    static let valueShorthands: [Unicode.Scalar: String] = [
        "s": "storage-driver", "g": "graph", "H": "host", "G": "group", "l": "log-level", "p": "pidfile",
        "b": "bridge", "e": "exec-driver",
    ]
    static let booleanShorthands: [Unicode.Scalar: String] = ["D": "debug", "d": "daemon", "v": "version", "h": "help"]

    /// Long boolean flags, so that a stray word after one is not taken as its value.
    static let booleanFlags: Set<String> = [
        "debug", "selinux-enabled", "iptables", "ip6tables", "ip-forward", "ip-masq", "icc", "live-restore",
        "userland-proxy", "experimental", "tls", "tlsverify", "ipv6", "signature-verification", "init",
        "no-new-privileges", "raw-logs", "disable-legacy-registry", "help", "version", "validate", "rootless",
    ]

    /// List flags whose daemon.json key is the plural; every other flag's key is its own long name.
    static let pluralKeys: [String: String] = [
        "add-runtime": "runtimes", "exec-opt": "exec-opts", "log-opt": "log-opts", "label": "labels",
        "insecure-registry": "insecure-registries", "registry-mirror": "registry-mirrors", "dns-opt": "dns-opts",
        "default-ulimit": "default-ulimits", "authorization-plugin": "authorization-plugins",
        "cluster-store-opt": "cluster-store-opts", "node-generic-resource": "node-generic-resources",
        "default-address-pool": "default-address-pools", "feature": "features", "cdi-spec-dir": "cdi-spec-dirs",
    ]

    /// The daemon.json key of a flag's long name: what dockerd compares when it looks for a key given twice.
    static func configKey(forFlag name: String) -> String {
        storageFlags[name] ?? pluralKeys[name] ?? name
    }

    static func parse(_ words: [AttributedWord]) -> [Parsed] {
        var result: [Parsed] = []
        var index = 0

        func append(_ taken: [AttributedWord], flag: String?, value: String?, valueSource: ConfigSource? = nil) {
            add(taken, flag, flag.map(configKey(forFlag:)), value, valueSource)
        }
        func add(
            _ taken: [AttributedWord], _ flag: String?, _ key: String?, _ value: String?, _ valueSource: ConfigSource?
        ) {
            guard let first = taken.first else { return }
            let argument = DockerdArgument(
                words: taken.map(\.text), flag: flag, value: value, key: key, source: first.source)
            result.append(Parsed(argument: argument, valueSource: valueSource ?? first.source))
        }

        while index < words.count {
            let word = words[index]
            let text = word.text
            index += 1

            if text == "--" {
                // pflag stops reading flags here; what follows are plain words.
                for rest in words[index...] { append([rest], flag: nil, value: nil) }
                break
            }
            if text.hasPrefix("--") {
                let body = text.dropFirst(2)
                if let equals = body.firstIndex(of: "=") {
                    append([word], flag: String(body[..<equals]), value: String(body[body.index(after: equals)...]))
                    continue
                }
                let name = String(body)
                let takesValue = storageFlags[name] != nil
                let nextIsValue = index < words.count && !words[index].text.hasPrefix("-")
                // pflag gives a value flag the next word whatever it is; an unknown flag gets it only if
                // it does not look like a flag (dockerd takes no positional arguments).
                if index < words.count && (takesValue || (nextIsValue && !booleanFlags.contains(name))) {
                    let valueWord = words[index]
                    index += 1
                    append([word, valueWord], flag: name, value: valueWord.text, valueSource: valueWord.source)
                } else {
                    append([word], flag: name, value: nil)
                }
                continue
            }
            if text.hasPrefix("-") && text.count > 1 {
                index = parseShorthands(word, words: words, next: index, add: add)
                continue
            }
            append([word], flag: nil, value: nil)
        }
        return result
    }

    /// `-s X`, `-sX`, `-s=X`, and booleans run together (`-Ds X`), as pflag reads them. Returns the next index.
    private static func parseShorthands(
        _ word: AttributedWord, words: [AttributedWord], next: Int,
        add: ([AttributedWord], String?, String?, String?, ConfigSource?) -> Void
    ) -> Int {
        func append(_ taken: [AttributedWord], _ flag: String, _ value: String?, _ valueSource: ConfigSource?) {
            add(taken, flag, configKey(forFlag: flag), value, valueSource)
        }
        let scalars = Array(word.text.unicodeScalars.dropFirst())
        for (offset, letter) in scalars.enumerated() {
            if booleanShorthands[letter] != nil && offset < scalars.count - 1 { continue }
            if let name = booleanShorthands[letter] {
                append([word], name, nil, nil)
                return next
            }
            guard let name = valueShorthands[letter] else { break }
            var rest = String(String.UnicodeScalarView(scalars[(offset + 1)...]))
            if rest.hasPrefix("=") { rest.removeFirst() }
            if !rest.isEmpty || offset + 1 < scalars.count {
                append([word], name, rest, nil)
                return next
            }
            guard next < words.count else {
                append([word], name, nil, nil)
                return next
            }
            append([word, words[next]], name, words[next].text, words[next].source)
            return next + 1
        }
        // An unknown shorthand: keep the word, and the next one if it cannot be a flag; no key is guessed.
        let letters = String(word.text.dropFirst())
        if next < words.count && !words[next].text.hasPrefix("-") {
            add([word, words[next]], letters, nil, words[next].text, words[next].source)
            return next + 1
        }
        add([word], letters, nil, nil, nil)
        return next
    }
}
