/// "1 image", "2 images": counts in screens read as sentences.
enum Plural {
    static func count(_ number: Int, _ noun: String, plural: String? = nil) -> String {
        "\(number) \(number == 1 ? noun : plural ?? noun + "s")"
    }
}
