// saraban: one binary, several subcommands. Argument parsing is CLI11's.
#include <CLI/CLI.hpp>
#include <clocale>
#include <iostream>
#include <thread>

#include "cli/commands.h"

namespace saraban::cli {
const char* Version() { return SARABAN_VERSION; }
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
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on; port 0 picks one")
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads, "Worker threads")
      ->check(CLI::Range(2, 1024))
      ->capture_default_str();
  serve_cmd->add_option("--max-body", serve.max_body, "Largest API request body in bytes")
      ->check(CLI::Range(size_t{1024}, size_t{1} << 30))
      ->capture_default_str();
  serve_cmd->add_option("--tls-cert", serve.tls_certificate,
                        "PEM file with certificate and private key: serve HTTPS")
      ->check(CLI::ExistingFile);

  serve_cmd->add_option("--max-upload", serve.max_upload, "Largest attachment in bytes")
      ->check(CLI::Range(uint64_t{1024}, uint64_t{1} << 40))
      ->capture_default_str();
  serve.ocr_workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  serve_cmd->add_option("--ocr-workers", serve.ocr_workers,
                        "Text extraction worker processes, one per core by default (0: none, "
                        "uploads stay queued)")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  serve_cmd->add_option("--ocr-memory-mb", serve.ocr_memory_mb,
                        "Address-space limit of each extraction worker")
      ->check(CLI::Range(uint64_t{64}, uint64_t{65536}))
      ->capture_default_str();

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

  CLI11_PARSE(app, argc, argv);
  if (init_cmd->parsed()) return RunInit(init);
  if (serve_cmd->parsed()) return RunServe(serve);
  if (extract_cmd->parsed()) return RunExtract(extract_file, languages);
  if (pdf_cmd->parsed()) return RunMakePdf(pdf_in, pdf_out, languages);
  if (worker_cmd->parsed()) return RunOcrWorker();
  if (reindex_cmd->parsed()) return RunReindex(reindex_data);
  return 1;
}
