// saraban: one binary, several subcommands. Argument parsing is CLI11's.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <clocale>
#include <iostream>
#include <thread>

#include "cli/commands.h"

namespace saraban::cli {
const char* Version() { return SARABAN_VERSION; }

namespace {
// `saraban serve --config F ...` -> `saraban --config F serve ...`.
void MoveConfigBeforeSubcommand(std::vector<std::string>& args, const std::string& subcommand) {
  const auto sub = std::find(args.begin() + 1, args.end(), subcommand);
  if (sub == args.end()) return;
  for (auto it = sub + 1; it != args.end(); ++it) {
    if (*it == "--") return;
    if (*it == "--config" && it + 1 != args.end()) {
      std::vector<std::string> moved = {*it, *(it + 1)};
      args.erase(it, it + 2);
      args.insert(args.begin() + 1, moved.begin(), moved.end());
      return;
    }
    if (it->rfind("--config=", 0) == 0) {
      std::string moved = *it;
      args.erase(it);
      args.insert(args.begin() + 1, moved);
      return;
    }
  }
}
}  // namespace
}  // namespace saraban::cli

int main(int argc, char** argv) {
  std::setlocale(LC_CTYPE, "C.UTF-8");
  using namespace saraban::cli;
  CLI::App app{"Saraban: the correspondence office of a provincial government office"};
  app.set_version_flag("--version", std::string("saraban ") + Version());
  app.require_subcommand(1);

  InitOptions init;
  auto* init_cmd = app.add_subcommand("init", "Create a new data directory holding a new office");
  init_cmd->add_option("--data", init.data_dir, "Data directory (new or empty)")->required();
  init_cmd->add_option("--org", init.org, "Name of the office")->required();
  init_cmd->add_option("--admin", init.admin, "Username of the first administrator")->required();
  init_cmd->add_option("--password-file", init.password_file,
                       "File whose first line is the admin password (else "
                       "$SARABAN_ADMIN_PASSWORD, else one is generated and printed)");
  init_cmd->add_option("--country", init.country, "LA or TH: languages, era and OCR order")
      ->check(CLI::IsMember({"LA", "TH"}));
  init_cmd->add_flag("--demo", init.demo, "Add a small demo organisation, users and letters");

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the API and web UI");
  serve_cmd->add_option("--data", serve.data_dir, "Data directory")->required();
  serve_cmd->add_option("--listen", serve.listen,
                        "HOST:PORT to serve HTTPS on (plain HTTP with --insecure-http); port 0 "
                        "picks one")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads, "Worker threads")
      ->check(CLI::Range(2, 1024))
      ->capture_default_str();
  serve_cmd->add_option("--max-body", serve.max_body, "Largest API request body in bytes")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30))
      ->capture_default_str();
  serve_cmd->add_option("--tls-cert", serve.tls_certificate,
                        "PEM file with certificate (chain) and private key to serve instead of "
                        "the office's own certificate (DATA/tls, made on first start)")
      ->check(CLI::ExistingFile);
  serve_cmd->add_option("--redirect-listen", serve.redirect_listen,
                        "HOST:PORT of a plain-HTTP listener that redirects every request to HTTPS "
                        "(e.g. 0.0.0.0:80)");
  serve_cmd->add_option("--tls-name", serve.tls_names,
                        "Another DNS name or address the office certificate must cover "
                        "(repeatable; the host name and local addresses are always covered)");
  serve_cmd->add_flag("--insecure-http", serve.insecure_http,
                      "Serve plain HTTP without TLS: development and tests only (passwords and "
                      "letters cross the network readable)");

  serve.webui_dir = SARABAN_WEBUI_DIR;
  serve_cmd->add_option("--webui-dir", serve.webui_dir,
                        "Directory of the built web UI (index.html and assets/)")
      ->capture_default_str();
  serve_cmd->add_option("--max-upload", serve.max_upload, "Largest attachment in bytes")
      ->check(CLI::Range(uint64_t{1024}, uint64_t{1} << 40))
      ->capture_default_str();
  serve.ocr_workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  serve_cmd->add_option("--ocr-workers", serve.ocr_workers,
                        "Text extraction worker processes, one per core by default (0: none, "
                        "uploads stay queued)")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  serve_cmd->add_option("--reminder-seconds", serve.reminder_seconds,
                        "How often due dates are checked to send due-soon and overdue reminders")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve_cmd->add_option("--ocr-memory-mb", serve.ocr_memory_mb,
                        "Address-space limit of each extraction worker")
      ->check(CLI::Range(uint64_t{64}, uint64_t{65536}))
      ->capture_default_str();
  serve_cmd->add_option("--hot-folder", serve.hot_folder,
                        "Folder scanners write into, one subfolder per unit code; each file (or "
                        "subfolder of pages) becomes a draft incoming letter (\"\": off)");
  serve_cmd->add_option("--hot-folder-quiet-seconds", serve.hot_folder_quiet_seconds,
                        "A scan is taken once it has not changed for this many seconds")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve_cmd->add_option("--media-root", serve.media_root,
                        "Where USB drives are mounted (one folder per drive), offered as backup "
                        "targets and restore sources")
      ->capture_default_str();
  // Every serve option can also come from a file: a [serve] section of
  // KEY = VALUE lines whose keys are the long option names
  // (packaging/saraban.conf lists them all). CLI11 2.1 reads config files
  // on the main app only, so `serve --config F` is moved in front of `serve`.
  app.set_config("--config", "",
                 "serve: read options from this file ([serve] section, KEY = VALUE, keys are "
                 "the long option names; command-line flags win)");
  app.allow_config_extras(CLI::config_extras_mode::error);  // a misspelt key must not pass
  std::vector<std::string> args(argv, argv + argc);
  MoveConfigBeforeSubcommand(args, "serve");
  std::vector<char*> arg_ptrs;
  for (auto& a : args) arg_ptrs.push_back(a.data());
  argc = static_cast<int>(arg_ptrs.size());
  arg_ptrs.push_back(nullptr);
  argv = arg_ptrs.data();

  std::string extract_file, languages = "lao+tha+eng";
  auto* extract_cmd =
      app.add_subcommand("extract", "Print the text of a scan, PDF or office file");
  extract_cmd->add_option("FILE", extract_file, "The file")->required()->check(CLI::ExistingFile);
  extract_cmd->add_option("--lang", languages, "Tesseract languages, first matters most")
      ->capture_default_str();

  std::string pdf_in, pdf_out;
  auto* pdf_cmd = app.add_subcommand("make-pdf", "Write a searchable PDF of a scan");
  pdf_cmd->add_option("IN", pdf_in, "A scan (image or PDF)")->required()->check(CLI::ExistingFile);
  pdf_cmd->add_option("OUT", pdf_out, "The PDF to write")->required();
  pdf_cmd->add_option("--lang", languages, "Tesseract languages")->capture_default_str();

  auto* worker_cmd = app.add_subcommand(
      "ocr-worker", "Run as a text extraction worker (started by serve; JSON lines on stdin)");

  std::string reindex_data;
  auto* reindex_cmd = app.add_subcommand("reindex", "Rebuild the search index from the store");
  reindex_cmd->add_option("--data", reindex_data, "Data directory")->required();

  std::string audit_data;
  auto* audit_cmd = app.add_subcommand("audit", "Check the tamper-evident audit log");
  audit_cmd->require_subcommand(1);
  auto* audit_verify = audit_cmd->add_subcommand(
      "verify", "Walk the audit hash chain; exit 1 naming the first broken entry");
  audit_verify->add_option("--data", audit_data, "Data directory")->required();

  std::string doctor_data;
  auto* doctor_cmd = app.add_subcommand(
      "doctor",
      "Check the box (data, disk, OCR languages, certificate, clock, backups, queues) and say "
      "what to do; exit 0 all OK, 1 warnings, 2 failures");
  doctor_cmd->add_option("--data", doctor_data, "Data directory")->required();

  auto* backup_cmd = app.add_subcommand("backup", "Encrypted backups to a USB drive, and restore");
  backup_cmd->require_subcommand(1);
  std::string b_data, b_target, b_pass_file, b_recovery_file, b_archive;
  int b_keep = 0;
  bool b_no_recovery = false, b_force = false;
  auto* b_setup = backup_cmd->add_subcommand(
      "setup", "Choose the backup passphrase and print the recovery key card");
  b_setup->add_option("--data", b_data, "Data directory")->required();
  b_setup->add_option("--passphrase-file", b_pass_file,
                      "File whose first line is the passphrase (else $SARABAN_BACKUP_PASSPHRASE)");
  b_setup->add_flag("--no-recovery-key", b_no_recovery, "Do not make a recovery key card");
  auto* b_create = backup_cmd->add_subcommand("create", "Write a backup into a folder");
  b_create->add_option("--data", b_data, "Data directory")->required();
  b_create->add_option("--to", b_target, "Target folder, e.g. the USB drive")->required();
  b_create->add_option("--passphrase-file", b_pass_file,
                       "Passphrase file (default: the keys saved by 'backup setup')");
  b_create->add_option("--keep", b_keep, "Keep only the newest N backups in the folder")
      ->check(CLI::Range(0, 3650));
  auto* b_verify = backup_cmd->add_subcommand("verify", "Check a backup without restoring it");
  b_verify->add_option("ARCHIVE", b_archive, "The .sbk file")->required()->check(CLI::ExistingFile);
  b_verify->add_option("--passphrase-file", b_pass_file, "Passphrase file");
  b_verify->add_option("--recovery-file", b_recovery_file, "File with the recovery key card text");
  auto* b_restore = backup_cmd->add_subcommand("restore", "Restore an office from a backup");
  b_restore->add_option("ARCHIVE", b_archive, "The .sbk file")->required()->check(CLI::ExistingFile);
  b_restore->add_option("--data", b_data, "New data directory (empty or absent)")->required();
  b_restore->add_option("--passphrase-file", b_pass_file, "Passphrase file");
  b_restore->add_option("--recovery-file", b_recovery_file, "File with the recovery key card text");
  b_restore->add_flag("--force", b_force,
                      "Replace a non-empty data directory, only after the restore succeeded");

  CLI11_PARSE(app, argc, argv);
  if (b_setup->parsed()) return RunBackupSetup(b_data, b_pass_file, !b_no_recovery);
  if (b_create->parsed()) return RunBackupCreate(b_data, b_target, b_pass_file, b_keep);
  if (b_verify->parsed()) return RunBackupVerify(b_archive, b_pass_file, b_recovery_file);
  if (b_restore->parsed()) {
    return RunBackupRestore(b_archive, b_data, b_pass_file, b_recovery_file, b_force);
  }
  if (init_cmd->parsed()) return RunInit(init);
  if (serve_cmd->parsed()) return RunServe(serve);
  if (extract_cmd->parsed()) return RunExtract(extract_file, languages);
  if (pdf_cmd->parsed()) return RunMakePdf(pdf_in, pdf_out, languages);
  if (worker_cmd->parsed()) return RunOcrWorker();
  if (reindex_cmd->parsed()) return RunReindex(reindex_data);
  if (doctor_cmd->parsed()) return RunDoctor(doctor_data);
  if (audit_verify->parsed()) return RunAuditVerify(audit_data);
  return 1;
}
