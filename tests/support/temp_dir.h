// A directory under $TMPDIR that is removed with everything in it when the
// object goes out of scope. Tests never write into the working directory.
#ifndef SARABAN_TESTS_SUPPORT_TEMP_DIR_H_
#define SARABAN_TESTS_SUPPORT_TEMP_DIR_H_

#include <string>

namespace saraban::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace saraban::testing

#endif  // SARABAN_TESTS_SUPPORT_TEMP_DIR_H_
