import Foundation
import Testing

@testable import AgentSim
@testable import AgentSimMetrics

extension MetricsTests {
    @Suite struct AtomicFileTests {
        /// A fresh empty directory, removed afterwards by the caller.
        static func makeDirectory() -> String {
            let temporary =
                NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
            var template = Array("\(temporary)agentsim-atomic-XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            precondition(made != nil, "mkdtemp failed")
            return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }

        static func contents(_ directory: String) -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        }

        static func read(_ path: String) -> String? {
            FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
        }

        @Test func writesCreatingDirectoriesAndLeavesNoTemporaryFile() throws {
            let root = Self.makeDirectory()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let path = "\(root)/results/run one/summary.csv"
            try AtomicFile.write("a,b\n1,2\n", to: path)
            #expect(Self.read(path) == "a,b\n1,2\n")
            #expect(Self.contents("\(root)/results/run one") == ["summary.csv"])
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o644)
        }

        @Test func replacesAnExistingFileWhole() throws {
            let root = Self.makeDirectory()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let path = "\(root)/summary.csv"
            try AtomicFile.write(String(repeating: "long old content\n", count: 100), to: path)
            try AtomicFile.write("new\n", to: path)
            #expect(Self.read(path) == "new\n")
            try AtomicFile.write([UInt8](), to: path)
            #expect(Self.read(path) == "")
            #expect(Self.contents(root) == ["summary.csv"])
        }

        @Test func aTargetThatIsADirectoryIsNotClobbered() throws {
            let root = Self.makeDirectory()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let target = "\(root)/summary.csv"
            try AtomicFile.write("keep\n", to: "\(target)/inside.txt")
            #expect(throws: AtomicFileError.self) { try AtomicFile.write("x\n", to: target) }
            #expect(Self.read("\(target)/inside.txt") == "keep\n")
            #expect(Self.contents(root) == ["summary.csv"])  // no temporary file left behind
        }

        @Test func aParentThatIsAFileIsAnErrorNamingThePath() throws {
            let root = Self.makeDirectory()
            defer { try? FileManager.default.removeItem(atPath: root) }
            try AtomicFile.write("file\n", to: "\(root)/blocker")
            let target = "\(root)/blocker/deeper/summary.csv"
            do {
                try AtomicFile.write("x\n", to: target)
                Issue.record("expected an error")
            } catch {
                #expect(error.path == target)
                #expect(error.code == ENOTDIR)
                #expect(error.description.hasPrefix("cannot write \(target): mkdir \(root)/blocker"))
            }
            #expect(Self.read("\(root)/blocker") == "file\n")
            #expect(Self.contents(root) == ["blocker"])
        }

        @Test func aTrailingSlashIsRejected() {
            #expect(throws: AtomicFileError.self) { try AtomicFile.write("x", to: "somewhere/") }
        }

        @Test func splitsPaths() {
            #expect(AtomicFile.split("a.csv") == (".", "a.csv"))
            #expect(AtomicFile.split("/a.csv") == ("/", "a.csv"))
            #expect(AtomicFile.split("x/y/a.csv") == ("x/y", "a.csv"))
        }
    }
}
