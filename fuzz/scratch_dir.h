// A process-lifetime scratch directory for fuzz targets that need files (a
// store, an index, backup files): under $TMPDIR (fuzz/run.sh points it at a
// tmpfs so syncs cost nothing), removed at exit.
#ifndef SARABAN_FUZZ_SCRATCH_DIR_H_
#define SARABAN_FUZZ_SCRATCH_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace saraban::fuzz {

class ScratchDir {
 public:
  ScratchDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/saraban-fuzz-XXXXXX";
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace saraban::fuzz

#endif  // SARABAN_FUZZ_SCRATCH_DIR_H_
