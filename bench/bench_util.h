// Small helpers shared by the benchmark programs (part of the benchgen
// library): timing a fixed amount of work on a pool of threads, percentiles,
// URL encoding.
// Thread-safety: RunTimed calls `work` from its threads concurrently; the
// other functions are pure.
#ifndef SARABAN_BENCH_BENCH_UTIL_H_
#define SARABAN_BENCH_BENCH_UTIL_H_

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace saraban::bench {

using Clock = std::chrono::steady_clock;

// Seconds from `since` to now.
double SecondsSince(Clock::time_point since);

// Latencies and outcome of one timed phase, merged over its threads.
struct PhaseResult {
  std::vector<double> latencies_ms;  // one per item, in no particular order
  double wall_seconds = 0;
  int errors = 0;
  Clock::time_point started;
  Clock::time_point finished;
};

// Runs `work(thread, index)` for index 0..count-1 on `threads` threads, each
// index exactly once, timing every call. `work` returns false on an error.
PhaseResult RunTimed(int threads, int count, const std::function<bool(int, int)>& work);

// Nearest-rank percentile of an ascending vector; 0 if empty.
double Percentile(const std::vector<double>& sorted, double p);

// Ascending copy.
std::vector<double> Sorted(std::vector<double> v);

double Rate(double count, double seconds);

// Percent-encodes everything but unreserved characters (RFC 3986), so UTF-8
// Lao and Thai text can go into a query string.
std::string UrlEncode(std::string_view s);

}  // namespace saraban::bench

#endif  // SARABAN_BENCH_BENCH_UTIL_H_
