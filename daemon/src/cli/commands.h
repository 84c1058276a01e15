// The saraban subcommands. Each returns the process exit code and reports
// problems on stderr in one line with what to do about it.
#ifndef SARABAN_DAEMON_CLI_COMMANDS_H_
#define SARABAN_DAEMON_CLI_COMMANDS_H_

#include <string>

#include "core/error.h"
#include "store/store.h"

namespace saraban::cli {

struct InitOptions {
  std::string data_dir;
  std::string org;
  std::string admin;
  std::string password_file;
  std::string country = "LA";
  bool demo = false;
};
int RunInit(const InitOptions& options);

struct ServeOptions {
  std::string data_dir;
  std::string listen = "127.0.0.1:8080";
  int threads = 64;
  size_t max_body = 1 << 20;
  std::string tls_certificate;
  uint64_t max_upload = 200ull << 20;
  std::string webui_dir;  // the built web UI (index.html, assets/)
  int ocr_workers = 2;            // 0: no extraction (jobs stay queued)
  uint64_t ocr_memory_mb = 2048;  // address-space limit of each worker
};
int RunServe(const ServeOptions& options);

// saraban extract FILE: prints the text (exit 2 on unsupported or broken input).
int RunExtract(const std::string& path, const std::string& languages);
// saraban ocr-worker: the extraction worker process (JSON lines on stdin/stdout).
int RunOcrWorker();
// saraban make-pdf IN OUT: a searchable PDF of a scan; prints "ok".
int RunMakePdf(const std::string& in, const std::string& out, const std::string& languages);
// saraban reindex --data DIR: rebuilds the search index from the store.
int RunReindex(const std::string& data_dir);

// saraban backup setup|create|verify|restore.
int RunBackupSetup(const std::string& data_dir, const std::string& passphrase_file,
                   bool with_recovery);
int RunBackupCreate(const std::string& data_dir, const std::string& target,
                    const std::string& passphrase_file, int keep_last);
int RunBackupVerify(const std::string& archive, const std::string& passphrase_file,
                    const std::string& recovery_file);
int RunBackupRestore(const std::string& archive, const std::string& data_dir,
                     const std::string& passphrase_file, const std::string& recovery_file,
                     bool force);

// Adds a small demo organisation (units, users, letters) to a new office and
// prints the demo users' passwords.
Status AddDemoData(store::Store& store);

// Prints "saraban: <message>" and the hint to stderr; returns 1.
int Fail(const Error& error);

// The version string ("0.1.0").
const char* Version();

}  // namespace saraban::cli

#endif  // SARABAN_DAEMON_CLI_COMMANDS_H_
