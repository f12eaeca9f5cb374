import AgentSim

/// The classic hold model (Vaucher & Duval 1975): N pending events; each event, when handled,
/// schedules itself again Exp(1) seconds later. It measures the event list and run loop alone.
/// A hold event carries no data, exactly like the bare C heap's entries (time and sequence only).
struct HoldEvent: BitwiseCopyable {}

struct HoldModel {
    var rng: Xoshiro256StarStar
    /// Sum of handled times, printed so the optimiser cannot drop the work.
    var checksum: Int64 = 0

    mutating func handle(_ event: HoldEvent, in sim: inout Simulation<HoldEvent>) {
        checksum &+= sim.now.nanos
        sim.schedule(event, after: SimDuration(seconds: -SimMath.log(1 - rng.nextDouble())))
    }
}

/// Runs `holds` holds on a queue of `size` events; returns the benchmark row.
func holdBenchmark(size: Int, holds: Int) -> BenchmarkRow {
    var model = HoldModel(rng: Xoshiro256StarStar(seed: 1))
    var sim = Simulation<HoldEvent>()
    for _ in 0..<size {
        sim.schedule(HoldEvent(), after: SimDuration(seconds: -SimMath.log(1 - model.rng.nextDouble())))
    }
    let clock = ContinuousClock()
    let start = clock.now
    // The engine's run loop: take the next event, handle it, up to the event limit.
    var executed = 0
    while executed < holds, let event = sim.nextEvent() {
        executed &+= 1
        model.handle(event, in: &sim)
    }
    let wall = clock.now - start
    precondition(sim.eventsExecuted == holds && model.checksum != 0)
    return BenchmarkRow(benchmark: "hold", size: size, ops: holds, wall: wall)
}
