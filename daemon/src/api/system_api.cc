// System health for the admin, GET /api/v1/system: what `saraban doctor`
// checks, read from the running daemon (version, uptime, disk, store size,
// OCR queue, index lag, last backup, mail relay).
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "api/handlers.h"
#include "core/calendar.h"
#include "services/backup_scheduler.h"
#include "services/ocr_pool.h"

namespace saraban::api {
namespace {

// Set when the binary starts (static initialisation, before main), so the
// uptime is the daemon process's.
const int64_t kProcessStartedAt = NowMillis();

// More queued files than this are reported as "at least" this many: the
// count walks the queue, and the admin page needs no exact figure beyond it.
constexpr size_t kQueueCountCap = 100000;

Result<json> Disk(const std::string& dir) {
  struct statvfs vfs {};
  if (::statvfs(dir.c_str(), &vfs) != 0) {
    return MakeError(Errc::kIo, "statvfs " + dir + ": " + std::strerror(errno));
  }
  const uint64_t unit = vfs.f_frsize;
  return json{{"path", dir},
              {"total_bytes", vfs.f_blocks * unit},
              {"free_bytes", vfs.f_bfree * unit},
              {"available_bytes", vfs.f_bavail * unit}};
}

// The space the LMDB file really takes: its map is sparse, so its blocks.
uint64_t StoreBytes(const std::string& data_dir) {
  struct stat st {};
  if (::stat((data_dir + "/store/data.mdb").c_str(), &st) != 0) return 0;
  return static_cast<uint64_t>(st.st_blocks) * 512;
}

}  // namespace

http::HttpResponse SystemStatus(Call& call) {
  Services& svc = call.services;
  auto settings = Settings(call);
  if (!settings) return ErrorResponse(settings.error());
  const int64_t now = NowMillis();
  json out = {{"version", svc.version},
              {"schema_version", svc.store.schema_version()},
              {"started_at", FormatTimestamp(kProcessStartedAt, settings->utc_offset_minutes)},
              {"uptime_seconds", (now - kProcessStartedAt) / 1000}};
  if (svc.data_dir.empty()) {
    out["disk"] = nullptr;
    out["store_bytes"] = nullptr;
  } else {
    auto disk = Disk(svc.data_dir);
    if (!disk) return ErrorResponse(disk.error());
    out["disk"] = *disk;
    out["store_bytes"] = StoreBytes(svc.data_dir);
  }

  struct Queues {
    size_t jobs = 0;
    uint64_t head = 0;
  };
  auto queues = svc.store.Read([](const store::ReadTxn& txn) -> Result<Queues> {
    auto jobs = txn.ListJobs(kQueueCountCap);
    if (!jobs) return jobs.error();
    auto head = txn.LastChangeSeq();
    if (!head) return head.error();
    return Queues{jobs->size(), *head};
  });
  if (!queues) return ErrorResponse(queues.error());
  out["ocr"] = {{"queued", queues->jobs},
                {"capped", queues->jobs >= kQueueCountCap},
                {"running", svc.ocr_pool != nullptr ? svc.ocr_pool->Running() : size_t{0}},
                {"workers", svc.ocr_pool != nullptr}};
  const uint64_t applied = svc.index.applied_seq();
  out["index"] = {{"head_seq", queues->head},
                  {"applied_seq", applied},
                  {"behind", queues->head > applied ? queues->head - applied : 0}};

  out["backup"] = nullptr;
  if (svc.backups) {
    auto report = svc.backups->Report();
    if (!report) return ErrorResponse(report.error());
    out["backup"] = {{"keys_set_up", report->value("keys_set_up", false)},
                     {"target", report->value("target", json())},
                     {"running", report->value("running", false)},
                     {"last_success", report->value("last_success", json())},
                     {"last_failure", report->value("last_failure", json())}};
  }
  out["mail"] = nullptr;
  if (svc.mailer) {
    auto mail = MailReport(call);
    if (!mail) return ErrorResponse(mail.error());
    out["mail"] = std::move(*mail);
  }
  return JsonResponse(200, out);
}

}  // namespace saraban::api
