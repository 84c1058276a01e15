// saraban init: creates a new data directory holding a new office.
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "services/org.h"
#include "services/passwords.h"
#include "services/setup.h"

namespace saraban::cli {
namespace {

namespace fs = std::filesystem;

Result<std::string> ReadPasswordFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(Errc::kIo, "cannot read password file " + path);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

int Fail(const Error& error) {
  std::fprintf(stderr, "saraban: %s\n", error.message.c_str());
  if (!error.hint.empty()) std::fprintf(stderr, "  hint: %s\n", error.hint.c_str());
  return 1;
}

int RunInit(const InitOptions& o) {
  if (!services::DataDirIsEmpty(o.data_dir)) {
    return Fail(MakeError(Errc::kConflict, "refusing to initialise a non-empty directory: " +
                                               o.data_dir,
                          "choose a new or empty directory"));
  }
  std::string password;
  bool generated = false;
  if (!o.password_file.empty()) {
    auto read = ReadPasswordFile(o.password_file);
    if (!read) return Fail(read.error());
    password = *read;
  } else if (const char* env = std::getenv("SARABAN_ADMIN_PASSWORD"); env && *env) {
    password = env;
  } else {
    password = services::GeneratePassword();
    generated = true;
  }

  // The setup wizard (services/setup.h) creates offices the same way.
  Status s = services::CreateOfficeIn(
      o.data_dir,
      {.org_name = o.org,
       .country = o.country,
       .admin_username = o.admin,
       .admin_password = password},
      [&o](store::Store& store) { return o.demo ? AddDemoData(store) : Status::Ok(); });
  if (!s) return Fail(s.error());
  std::cout << "created office '" << o.org << "' in " << o.data_dir << "\n";
  if (generated) {
    std::cout << "admin user: " << o.admin << "\n"
              << "admin password (shown once, write it down): " << password << "\n";
  }
  return 0;
}

}  // namespace saraban::cli
