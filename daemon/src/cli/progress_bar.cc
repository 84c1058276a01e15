#include "cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace saraban::cli {

ProgressBar::ProgressBar(std::string what, std::string unit)
    : what_(std::move(what)),
      unit_(std::move(unit)),
      tty_(::isatty(2) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void ProgressBar::Update(uint64_t done, uint64_t total) {
  done_ = done;
  total_ = total;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(tty_ ? 100 : 2000)) return;
  last_draw_ = now;
  Draw(false);
}

void ProgressBar::Finish() { Draw(true); }

void ProgressBar::Draw(bool final) {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = secs > 0 ? done_ / secs : 0;
  const double fraction = total_ ? static_cast<double>(done_) / total_ : 1.0;
  const int width = 30;
  const int filled = static_cast<int>(fraction * width);
  std::string bar(filled, '#');
  bar.resize(width, '.');
  const double eta = rate > 0 && total_ > done_ ? (total_ - done_) / rate : 0;
  std::fprintf(stderr, "%s%s [%s] %llu/%llu %s %.0f/s ETA %.0fs%s", tty_ ? "\r" : "",
               what_.c_str(), bar.c_str(), static_cast<unsigned long long>(done_),
               static_cast<unsigned long long>(total_), unit_.c_str(), rate, eta,
               (final || !tty_) ? "\n" : "");
}

}  // namespace saraban::cli
