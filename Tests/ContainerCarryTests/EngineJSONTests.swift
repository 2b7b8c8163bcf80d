import DockerEngine
import Foundation
import Testing

@Suite("Raw JSON values carried to the daemon")
struct EngineJSONTests {
    @Test("integers stay exact, booleans stay booleans, unknown structure survives a round trip")
    func roundTrip() throws {
        let text =
            #"{"NanoCpus":1500000000,"Big":9007199254740993,"Ratio":0.5,"On":true,"Off":false,"One":1,"#
            + #""Nothing":null,"List":["a",{"b":[]}],"Nested":{"x":{"y":"z"}}}"#
        let value = try EngineJSON.parse(Data(text.utf8), source: "test")
        #expect(value["Big"] == .integer(9_007_199_254_740_993))
        #expect(value["Ratio"] == .double(0.5))
        #expect(value["On"] == .bool(true) && value["One"] == .integer(1))
        #expect(value["Nothing"] == .null)
        #expect(value["Nested"]?["x"]?["y"]?.string == "z")
        let again = try EngineJSON.parse(try value.encoded(), source: "test")
        #expect(again == value)
        #expect(String(decoding: try value.encoded(), as: UTF8.self).contains("9007199254740993"))
    }

    @Test("what Docker treats as unset")
    func unset() {
        let unset: [EngineJSON] = [.null, .string(""), .array([]), .object([:]), .bool(false), .integer(0)]
        #expect(unset.allSatisfy { $0.isUnset })
        #expect(![EngineJSON.string("x"), .integer(1), .array([.null]), .bool(true)].contains { $0.isUnset })
        #expect(EngineJSON.object(["a": .integer(1)]).setting("a", to: nil) == .object([:]))
        #expect(EngineJSON.string("x").setting("a", to: .null) == .string("x"))
    }

    @Test("a parse failure names its source")
    func failure() {
        let error = #expect(throws: EngineError.self) { _ = try EngineJSON.parse(Data("{".utf8), source: "/x/y.json") }
        #expect((error.map { "\($0)" } ?? "").contains("/x/y.json"))
    }
}
