// saraban serve: opens the store and serves the API until SIGTERM or SIGINT.
#include <malloc.h>
#include <signal.h>

#include <cstdio>

#include "api/router.h"
#include "cli/commands.h"
#include "http/server.h"
#include "http/static_files.h"
#include "services/backup_scheduler.h"
#include "services/notification_pusher.h"
#include "services/ocr_pool.h"
#include "services/search_sync.h"

namespace saraban::cli {

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

  auto store = store::Store::Open(o.data_dir, {});
  if (!store) return Fail(store.error());
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
  api::Services services{.store = **store,
                         .blobs = blobs,
                         .index = **index,
                         .search_sync = search_sync,
                         .ocr_pool = o.ocr_workers > 0 ? &ocr_pool : nullptr,
                         .backups = &backups,
                         .version = Version(),
                         .max_upload = o.max_upload,
                         .derived_dir = o.data_dir + "/derived"};
  api::Router router(services, o.max_body);
  const http::StaticFiles webui(o.webui_dir);  // every path outside /api
  auto server = http::Server::Start(
      {.listen = o.listen,
       .threads = o.threads,
       .tls_certificate = o.tls_certificate,
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
  std::printf("listening on %s\n", (*server)->url().c_str());
  std::fflush(stdout);

  int sig = 0;
  sigwait(&stop_signals, &sig);
  std::fprintf(stderr, "saraban: %s received, stopping\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  pusher.Stop();
  server->reset();  // waits for requests in flight; every acknowledged write is already durable
  backups.Stop();  // waits for a running backup: its file is renamed into place only when whole
  ocr_pool.Stop();  // a job cut short stays queued and resumes at the next start
  search_sync.Stop();
  return 0;
}

}  // namespace saraban::cli
