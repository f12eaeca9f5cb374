#if !compiler(>=6.2)
    /// Stands in for the standard library's `SendableMetatype` (Swift 6.2) on older compilers, where
    /// every metatype may already cross threads: a marker with no requirements, so ``Coordinator``
    /// states the same contract on every Swift 6 toolchain.
    public protocol SendableMetatype {}
#endif
