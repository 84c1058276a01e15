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
  std::error_code ec;
  if (fs::exists(o.data_dir, ec) && !fs::is_empty(o.data_dir, ec)) {
    return Fail(MakeError(Errc::kConflict, "refusing to initialise a non-empty directory: " +
                                               o.data_dir,
                          "choose a new or empty directory"));
  }
  fs::create_directories(o.data_dir, ec);
  if (ec) return Fail(MakeError(Errc::kIo, "cannot create " + o.data_dir + ": " + ec.message()));
  ::chmod(o.data_dir.c_str(), 0700);

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

  auto store = store::Store::Open(o.data_dir, {.create = true});
  if (!store) return Fail(store.error());
  Status s = services::SetUpOffice(**store, {.org_name = o.org,
                                             .country = o.country,
                                             .admin_username = o.admin,
                                             .admin_password = password});
  if (!s) return Fail(s.error());
  if (o.demo) {
    if (Status d = AddDemoData(**store); !d) return Fail(d.error());
  }
  std::cout << "created office '" << o.org << "' in " << o.data_dir << "\n";
  if (generated) {
    std::cout << "admin user: " << o.admin << "\n"
              << "admin password (shown once, write it down): " << password << "\n";
  }
  return 0;
}

}  // namespace saraban::cli
