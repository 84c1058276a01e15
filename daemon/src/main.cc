// saraban: one binary, several subcommands. Argument parsing is CLI11's.
#include <CLI/CLI.hpp>
#include <clocale>
#include <iostream>

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

  CLI11_PARSE(app, argc, argv);
  if (init_cmd->parsed()) return RunInit(init);
  if (serve_cmd->parsed()) return RunServe(serve);
  return 1;
}
