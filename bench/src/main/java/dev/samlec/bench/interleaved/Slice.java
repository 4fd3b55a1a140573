package dev.samlec.bench.interleaved;

/** What one operation did in one slice of a round: how many timed calls, and their total time. */
record Slice(long calls, long timedNanos) {
    /** Calls per second of timed time. */
    double perSecond() {
        return timedNanos == 0 ? 0 : calls * 1e9 / timedNanos;
    }
}
