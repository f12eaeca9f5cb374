#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's standard output or standard error, written through unbuffered `write(2)` calls.
///
/// File descriptors avoid the C `stdout`/`stderr` globals, which Swift 6 rejects as shared mutable
/// state; every call writes whole strings, so lines are never split between streams.
struct StandardStream: TextOutputStream {
    /// 1 for standard output, 2 for standard error.
    let descriptor: Int32

    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return  // a closed pipe: nothing sensible left to do with the output
            }
            offset += written
        }
    }
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
