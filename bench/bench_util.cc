#include "bench_util.h"

#include <algorithm>
#include <atomic>
#include <thread>

namespace saraban::bench {

double SecondsSince(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

PhaseResult RunTimed(int threads, int count, const std::function<bool(int, int)>& work) {
  std::atomic<int> next{0};
  std::vector<std::vector<double>> latencies(static_cast<size_t>(threads));
  std::vector<int> errors(static_cast<size_t>(threads), 0);
  std::vector<std::thread> pool;
  PhaseResult r;
  r.started = Clock::now();
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = next++; i < count; i = next++) {
        const auto begin = Clock::now();
        const bool ok = work(t, i);
        const auto end = Clock::now();
        latencies[static_cast<size_t>(t)].push_back(
            std::chrono::duration<double, std::milli>(end - begin).count());
        if (!ok) ++errors[static_cast<size_t>(t)];
      }
    });
  }
  for (auto& th : pool) th.join();
  r.finished = Clock::now();
  r.wall_seconds = std::chrono::duration<double>(r.finished - r.started).count();
  for (size_t t = 0; t < latencies.size(); ++t) {
    r.latencies_ms.insert(r.latencies_ms.end(), latencies[t].begin(), latencies[t].end());
    r.errors += errors[t];
  }
  return r;
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  // Nearest rank.
  size_t rank = static_cast<size_t>(p / 100.0 * static_cast<double>(sorted.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

std::vector<double> Sorted(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v;
}

double Rate(double count, double seconds) { return seconds > 0 ? count / seconds : 0; }

std::string UrlEncode(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() * 3);
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace saraban::bench
