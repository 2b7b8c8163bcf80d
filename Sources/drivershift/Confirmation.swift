import Foundation

/// The one question drivershift asks before it changes a host: the exact word `yes`, nothing shorter.
enum Confirmation {
    static func ask(_ prompt: String) -> Bool {
        FileHandle.standardError.write(Data(prompt.utf8))
        guard let answer = readLine(strippingNewline: true) else { return false }
        return answer.trimmingCharacters(in: .whitespaces) == "yes"
    }
}
