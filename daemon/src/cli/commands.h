// The saraban subcommands. Each returns the process exit code and reports
// problems on stderr in one line with what to do about it.
#ifndef SARABAN_DAEMON_CLI_COMMANDS_H_
#define SARABAN_DAEMON_CLI_COMMANDS_H_

#include <string>
#include <vector>

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
  std::string tls_certificate;         // serve this PEM instead of the office certificate
  std::string redirect_listen;         // plain-HTTP HOST:PORT redirecting to HTTPS ("": none)
  std::vector<std::string> tls_names;  // extra names for the office's server certificate
  bool insecure_http = false;          // plain HTTP only (development, tests)
  uint64_t max_upload = 200ull << 20;
  std::string webui_dir;  // the built web UI (index.html, assets/)
  int ocr_workers = 2;            // 0: no extraction (jobs stay queued)
  uint64_t ocr_memory_mb = 2048;  // address-space limit of each worker
  int reminder_seconds = 60;      // how often due dates are checked for reminders
  std::string hot_folder;            // scanners' drop folder ("": off), see services/hot_folder.h
  int hot_folder_quiet_seconds = 5;  // a file is taken once unchanged this long
  std::string media_root = "/media/saraban";  // mounted USB drives, see services/drives.h
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

// saraban doctor --data DIR: checks the box and says what to do about each
// problem. Exit 0 all OK, 1 warnings only, 2 at least one failure.
int RunDoctor(const std::string& data_dir);
// saraban audit verify --data DIR: checks the audit hash chain; exit 0 when
// intact, 1 with the first broken link's seq, 2 when it cannot be read.
int RunAuditVerify(const std::string& data_dir);

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
