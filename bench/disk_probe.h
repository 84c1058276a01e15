// The disk's durable commit rate right now: `count` raw LMDB commits of a
// letter-sized record from `threads` threads, default sync flags, in a fresh
// environment on the same disk. Every durable write of the daemon is at least
// one such commit, so benchmarks print it as their peer (part of benchgen).
#ifndef SARABAN_BENCH_DISK_PROBE_H_
#define SARABAN_BENCH_DISK_PROBE_H_

namespace saraban::bench {

// Prints one line with the rate, p50/p99 and errors; returns commits/s.
double ProbeDisk(int count, int threads);

}  // namespace saraban::bench

#endif  // SARABAN_BENCH_DISK_PROBE_H_
