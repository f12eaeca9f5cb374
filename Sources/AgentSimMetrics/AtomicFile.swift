#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `write(2)`, renamed because ``AtomicFile/write(_:to:)`` shadows it.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

/// A file write that a reader sees whole or not at all.
///
/// The bytes go to a temporary file in the target's directory (so the final `rename(2)` stays on one
/// file system and is atomic), are flushed with `fsync(2)`, and the temporary file is renamed over the
/// target; the directory is then synced, best effort. On any failure the temporary file is removed
/// and the target is left as it was. Missing parent directories are created (mode 0755); the file
/// gets mode 0644.
public enum AtomicFile {
    /// Writes `text` as UTF-8 to `path`, replacing the file atomically.
    /// - Throws: ``AtomicFileError`` naming the path and the failed step.
    public static func write(_ text: String, to path: String) throws(AtomicFileError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path`, replacing the file atomically.
    /// - Throws: ``AtomicFileError`` naming the path and the failed step.
    public static func write(_ bytes: [UInt8], to path: String) throws(AtomicFileError) {
        let (directory, name) = split(path)
        guard !name.isEmpty else { throw AtomicFileError(path: path, operation: "open", code: EISDIR) }
        try createDirectories(directory, for: path)

        var template = Array("\(directory)/.\(name).tmp-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw AtomicFileError(path: path, operation: "mkstemp", code: errno) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }

        do throws(AtomicFileError) {
            try writeAll(bytes, to: descriptor, path: path)
            guard fchmod(descriptor, 0o644) == 0 else {
                throw AtomicFileError(path: path, operation: "fchmod", code: errno)
            }
            guard fsync(descriptor) == 0 else {
                throw AtomicFileError(path: path, operation: "fsync", code: errno)
            }
            let closed = close(descriptor)
            guard closed == 0 else { throw AtomicFileError(path: path, operation: "close", code: errno) }
            guard rename(temporary, path) == 0 else {
                throw AtomicFileError(path: path, operation: "rename", code: errno)
            }
        } catch {
            _ = close(descriptor)  // harmless EBADF when already closed
            _ = unlink(temporary)
            throw error
        }
        syncDirectory(directory)
    }

    /// The directory part (`"."` when none) and the file name of `path`.
    static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    /// Creates `directory` and its missing parents, like `mkdir -p`.
    static func createDirectories(_ directory: String, for path: String) throws(AtomicFileError) {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            prefix += prefix.isEmpty || prefix.hasSuffix("/") ? String(component) : "/\(component)"
            if mkdir(prefix, 0o755) == 0 { continue }
            let code = errno
            var info = stat()
            guard code == EEXIST, stat(prefix, &info) == 0 else {
                throw AtomicFileError(path: path, operation: "mkdir \(prefix)", code: code)
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw AtomicFileError(path: path, operation: "mkdir \(prefix)", code: ENOTDIR)
            }
        }
    }

    /// Writes every byte, retrying short writes and interruptions.
    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(AtomicFileError)
    {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw AtomicFileError(path: path, operation: "write", code: errno)
            }
            offset += written
        }
    }

    /// Makes the rename durable; failure here cannot undo it, so it is ignored.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = close(descriptor)
    }
}

/// A failed ``AtomicFile`` write: the target path, the step that failed, and the system's reason.
public struct AtomicFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file that was to be written.
    public var path: String
    /// The failed step, e.g. `"rename"` or `"mkdir results/x"`.
    public var operation: String
    /// The `errno` value.
    public var code: Int32

    /// Creates an error.
    public init(path: String, operation: String, code: Int32) {
        self.path = path
        self.operation = operation
        self.code = code
    }

    /// `cannot write PATH: OPERATION: REASON`.
    public var description: String {
        "cannot write \(path): \(operation): \(String(cString: strerror(code)))"
    }
}
