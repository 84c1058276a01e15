// saraban serve: opens the store and serves the API until SIGTERM or SIGINT.
#include <malloc.h>
#include <signal.h>

#include <cstdio>
#include <ctime>
#include <filesystem>

#include "api/handlers.h"
#include "api/router.h"
#include "cli/commands.h"
#include "core/crypto.h"
#include "http/server.h"
#include "http/static_files.h"
#include "services/backup_scheduler.h"
#include "services/due_reminders.h"
#include "services/office_ca.h"
#include "services/hot_folder.h"
#include "services/mailer.h"
#include "services/notification_pusher.h"
#include "services/ocr_pool.h"
#include "services/search_sync.h"
#include "services/settings.h"
#include "services/setup.h"
#include "tls/tls.h"

namespace saraban::cli {
namespace {

// The PEM file to serve HTTPS with: --tls-cert, else the office's own
// certificate from DATA/tls (CA made on first start, server certificate
// issued again when it nears expiry or the box has a new name or address),
// or an installed custom.pem.
Result<std::string> CertificateToServe(const ServeOptions& o, store::Store& store) {
  if (!o.tls_certificate.empty()) return o.tls_certificate;
  auto settings = store.Read([](const store::ReadTxn& txn) { return services::LoadSettings(txn); });
  if (!settings) return settings.error();
  const std::string dir = o.data_dir + "/tls";
  // A restored office brings its CA in the store: serve under it again.
  if (Status s = services::WriteOfficeCaFiles(store, dir); !s) return s.error();
  const std::vector<std::string> names = tls::LocalNames(o.tls_names);
  auto served =
      tls::Prepare(dir, settings->office_name, names, static_cast<int64_t>(std::time(nullptr)));
  if (!served) return served.error();
  if (Status s = services::KeepOfficeCaInStore(store, dir); !s) {
    return s.error();
  }
  if (served->ca_created) {
    std::fprintf(stderr,
                 "saraban: created the office certificate authority %s; office PCs must trust it "
                 "once (download it from /api/v1/tls/ca.pem, see docs/https.md)\n",
                 tls::CaCertPath(dir).c_str());
  }
  if (served->issued || !served->note.empty()) {
    std::string line = served->note;
    if (served->issued) {
      line += "; issued a server certificate for";
      for (const auto& n : names) line += " " + n;
    }
    std::fprintf(stderr, "saraban: %s\n", line.c_str());
  }
  return served->pem_path;
}

// First boot (services/setup.h, docs/first-boot.md): while the data
// directory holds no office, serves the web UI and only the setup API, with
// a one-time setup code printed on the console. Returns the HOST:PORT bound,
// for the office to be served on the same address, once setup or a restore
// made an office; "" after a stop signal.
Result<std::string> ServeSetup(const ServeOptions& o, const sigset_t& stop_signals) {
  services::SetupMode mode(o.data_dir, o.media_root);
  // Over HTTPS with a throwaway certificate kept outside the data directory
  // (which must stay empty for a restore); the office CA is made at the
  // office's first start.
  std::string certificate;
  std::error_code ec;
  const std::filesystem::path tls_dir =
      std::filesystem::temp_directory_path(ec) / ("saraban-setup-" + RandomHex(8));
  if (!o.insecure_http) {
    auto served = tls::Prepare(tls_dir.string(), "Saraban setup", tls::LocalNames(o.tls_names),
                               static_cast<int64_t>(std::time(nullptr)));
    if (!served) return served.error();
    certificate = o.tls_certificate.empty() ? served->pem_path : o.tls_certificate;
  }
  const http::StaticFiles webui(o.webui_dir);
  auto server = http::Server::Start(
      {.listen = o.listen, .threads = 8, .tls_certificate = certificate},
      [&mode, &webui, &o](http::HttpRequest& req) {
        return http::StaticFiles::Handles(req) ? webui.Serve(req)
                                               : api::HandleSetupRequest(mode, req, o.max_body);
      });
  if (!server) return server.error();
  const std::string url = (*server)->url();
  // The code first: whoever reads "listening on" may look for it at once.
  std::fprintf(stderr,
               "saraban: no office in %s yet: open %s in a browser to set it up or restore it\n"
               "saraban: SETUP CODE: %s\n",
               o.data_dir.c_str(), url.c_str(), mode.code().c_str());
  std::printf("listening on %s\n", url.c_str());
  std::fflush(stdout);
  const timespec tick{0, 200 * 1000 * 1000};
  while (!mode.finished()) {
    if (sigtimedwait(&stop_signals, nullptr, &tick) > 0) {
      std::fprintf(stderr, "saraban: stop signal received, stopping setup\n");
      server->reset();
      std::filesystem::remove_all(tls_dir, ec);
      return std::string();
    }
  }
  server->reset();  // the answer to the last setup request goes out first
  std::filesystem::remove_all(tls_dir, ec);
  const std::string port = url.substr(url.rfind(':') + 1);
  const std::string listen = o.listen.substr(0, o.listen.rfind(':') + 1) + port;
  std::fprintf(stderr, "saraban: setup done; serving the office on %s\n", listen.c_str());
  return listen;
}

}  // namespace

int RunServe(const ServeOptions& o) {
  // Block the stop signals before any thread starts, so every CivetWeb
  // worker inherits the mask and only sigwait below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);
  // Every login hashes with Argon2id in a 19 MiB buffer. With glibc's dynamic
  // mmap threshold those buffers end up in malloc arenas that are never given
  // back (bench/workflow_bench measured ~530 MiB after 500 logins); a fixed
  // threshold keeps large blocks in mmap, returned to the system on free.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);

  if (o.insecure_http && (!o.tls_certificate.empty() || !o.redirect_listen.empty())) {
    return Fail(
        MakeError(Errc::kInvalidArgument,
                  "--insecure-http cannot be combined with --tls-cert or --redirect-listen"));
  }
  // A directory that is not there is most likely a typing mistake: refuse
  // it. An existing empty one is a new box: serve the setup wizard.
  if (std::error_code ec; !std::filesystem::is_directory(o.data_dir, ec)) {
    return Fail(MakeError(Errc::kNotFound, "data directory " + o.data_dir + " does not exist",
                          "create it empty to set up a new office in the browser, or create an "
                          "office with 'saraban init'"));
  }
  if (services::DataDirIsEmpty(o.data_dir)) {
    auto listen = ServeSetup(o, stop_signals);
    if (!listen) return Fail(listen.error());
    if (listen->empty()) return 0;
    ServeOptions office = o;
    office.listen = *listen;
    return RunServe(office);
  }
  auto store = store::Store::Open(o.data_dir, {});
  if (!store) return Fail(store.error());
  std::string certificate;
  if (!o.insecure_http) {
    auto pem = CertificateToServe(o, **store);
    if (!pem) return Fail(pem.error());
    certificate = *pem;
  }
  // The index is derived data: a missing one is created and caught up from the store.
  auto index = indexer::Index::Open(o.data_dir + "/index");
  if (!index) return Fail(index.error());
  services::SearchSync search_sync(**store, **index);
  search_sync.Start();
  store::BlobStore blobs(o.data_dir + "/blobs");
  services::OcrPool ocr_pool(**store, blobs,
                             {.workers = o.ocr_workers,
                              .limits = {.address_space_bytes = o.ocr_memory_mb << 20}});
  ocr_pool.Start();
  services::BackupScheduler backups(**store, o.data_dir);
  backups.Start();
  services::DueReminders reminders(**store, std::chrono::seconds(o.reminder_seconds));
  reminders.Start();
  services::Mailer mailer(**store, std::chrono::seconds(5));
  mailer.Start();
  services::HotFolder hot_folder(
      **store, blobs, o.ocr_workers > 0 ? &ocr_pool : nullptr,
      {.root = o.hot_folder,
       .quiet = std::chrono::seconds(o.hot_folder_quiet_seconds),
       .max_upload = o.max_upload});
  if (!o.hot_folder.empty()) {
    if (Status s = hot_folder.Start(); !s) return Fail(s.error());
  }
  api::Services services{.store = **store,
                         .blobs = blobs,
                         .index = **index,
                         .search_sync = search_sync,
                         .ocr_pool = o.ocr_workers > 0 ? &ocr_pool : nullptr,
                         .backups = &backups,
                         .mailer = &mailer,
                         .version = Version(),
                         .max_upload = o.max_upload,
                         .derived_dir = o.data_dir + "/derived",
                         .tls_dir = o.data_dir + "/tls",
                         .tls_served = certificate,
                         .media_root = o.media_root,
                         .data_dir = o.data_dir};
  api::Router router(services, o.max_body);
  const http::StaticFiles webui(o.webui_dir);  // every path outside /api
  auto server = http::Server::Start(
      {.listen = o.listen,
       .threads = o.threads,
       .tls_certificate = certificate,
       .redirect_listen = o.redirect_listen,
       .websocket_path = "/api/v1/ws",
       .authorize_websocket =
           [&services](const http::HttpRequest& req) {
             return api::AuthorizeWebSocket(services, req);
           }},
      [&router, &webui](http::HttpRequest& req) {
        return http::StaticFiles::Handles(req) ? webui.Serve(req) : router.Handle(req);
      });
  if (!server) return Fail(server.error());
  http::Server& edge = **server;
  services::NotificationPusher pusher(
      **store, [&edge] { return edge.WebSocketUsers(); },
      [&edge](uint64_t user, const std::string& text) { edge.SendToUser(user, text); });
  pusher.Start();
  // One line: test harnesses and scripts read the address from it.
  if ((*server)->redirect_url().empty()) {
    std::printf("listening on %s\n", (*server)->url().c_str());
  } else {
    std::printf("listening on %s, redirecting %s\n", (*server)->url().c_str(),
                (*server)->redirect_url().c_str());
  }
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::fprintf(stderr, "saraban: %s received, stopping\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  pusher.Stop();
  server->reset();  // waits for requests in flight; every acknowledged write is already durable
  hot_folder.Stop();  // an item being taken finishes; the rest waits in the folder
  mailer.Stop();  // a message being sent finishes; the cursor says what is still to send
  reminders.Stop();
  backups.Stop();  // waits for a running backup: its file is renamed into place only when whole
  ocr_pool.Stop();  // a job cut short stays queued and resumes at the next start
  search_sync.Stop();
  return 0;
}

}  // namespace saraban::cli
