// saraban doctor: the questions an IT person asks about the box, each
// answered on one line with OK, WARN or FAIL and, for a problem, what to do.
// Read-only (the store is opened read-only, the index without its lock), so
// it is safe while the daemon runs. Exit 0 all OK, 1 warnings only, 2 any
// failure.
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backup/backup.h"
#include "cli/commands.h"
#include "core/calendar.h"
#include "indexer/indexer.h"
#include "ocr/ocr.h"
#include "services/backup_runner.h"
#include "services/backup_scheduler.h"
#include "services/settings.h"
#include "tls/tls.h"

namespace saraban::cli {
namespace {

enum class Level { kOk, kWarn, kFail, kSkip };

struct Check {
  std::string name;
  Level level = Level::kOk;
  std::string finding;
  std::string advice;  // what to do; empty when all is well
};

constexpr int64_t kDay = 86400;
constexpr uint64_t kMiB = uint64_t{1} << 20;

// Thresholds, measured against what an office box holds (a few TB of scans).
constexpr double kWarnFreeFraction = 0.10, kFailFreeFraction = 0.02;
constexpr uint64_t kWarnFreeBytes = 2048 * kMiB, kFailFreeBytes = 500 * kMiB;
constexpr int64_t kBackupWarnAge = 2 * kDay;
constexpr int64_t kCertificateWarnDays = 30, kCaWarnDays = 365;
constexpr size_t kOcrQueueWarn = 200;
constexpr uint64_t kIndexLagWarn = 1000;

Check Ok(std::string name, std::string finding) {
  return {std::move(name), Level::kOk, std::move(finding), {}};
}
Check Problem(std::string name, Level level, std::string finding, std::string advice) {
  return {std::move(name), level, std::move(finding), std::move(advice)};
}

std::string Gb(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(bytes) / (1024.0 * kMiB));
  return buf;
}

// The build date (__DATE__, "Mar  5 2025") as Unix seconds at midnight UTC.
int64_t BuildDate() {
  static const char kMonths[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
  const std::string date = __DATE__;
  const int month = static_cast<int>(std::string(kMonths).find(date.substr(0, 3)) / 3) + 1;
  const CivilDate d{std::stoi(date.substr(7, 4)), month, std::stoi(date.substr(4, 2))};
  return DaysFromCivil(d) * kDay;
}

Check DataDirectory(const std::string& dir, std::unique_ptr<store::Store>* store) {
  const std::string name = "data directory";
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) {
    return Problem(name, Level::kFail, dir + " does not exist",
                   "check the --data path (the service's data directory); create an office with "
                   "'saraban init' or bring one back with 'saraban backup restore'");
  }
  if (!S_ISDIR(st.st_mode)) {
    return Problem(name, Level::kFail, dir + " is not a directory", "give the data directory");
  }
  std::string probe = dir + "/.doctor-XXXXXX";
  const int fd = ::mkstemp(probe.data());
  if (fd < 0) {
    return Problem(name, Level::kFail, dir + " is not writable: " + std::strerror(errno),
                   "the daemon must write here: check the owner (chown -R to the service user) "
                   "and that the disk is not mounted read-only");
  }
  ::close(fd);
  ::unlink(probe.c_str());
  auto opened = store::Store::Open(dir, {.read_only = true});
  if (!opened) {
    return Problem(name, Level::kFail, "the store does not open: " + opened.error().message,
                   opened.error().hint.empty()
                       ? "restore the office from the newest backup ('saraban backup restore')"
                       : opened.error().hint);
  }
  *store = std::move(*opened);
  return Ok(name, dir + ": writable, store opens (schema " +
                      std::to_string((*store)->schema_version()) + ")");
}

Check DiskSpace(const std::string& dir) {
  const std::string name = "disk space";
  struct statvfs vfs {};
  if (::statvfs(dir.c_str(), &vfs) != 0) {
    return Problem(name, Level::kFail, "cannot read the free space of " + dir, "check the disk");
  }
  const uint64_t total = static_cast<uint64_t>(vfs.f_blocks) * vfs.f_frsize;
  const uint64_t free = static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
  const double fraction = total ? static_cast<double>(free) / static_cast<double>(total) : 0;
  char finding[128];
  std::snprintf(finding, sizeof finding, "%s free of %s (%.0f%%)", Gb(free).c_str(),
                Gb(total).c_str(), fraction * 100);
  const std::string advice =
      "make room: move old files other than Saraban's off this disk, keep backups on the USB "
      "drive rather than the box, or move the data directory to a larger disk; when the disk is "
      "full Saraban refuses new letters and uploads";
  if (fraction < kFailFreeFraction || free < kFailFreeBytes) {
    return Problem(name, Level::kFail, finding, advice);
  }
  if (fraction < kWarnFreeFraction || free < kWarnFreeBytes) {
    return Problem(name, Level::kWarn, finding, advice);
  }
  return Ok(name, finding);
}

Check OcrLanguages(const std::string& languages) {
  const std::string name = "OCR languages";
  if (Status s = ocr::CheckLanguages(languages); !s) {
    return Problem(name, Level::kFail, s.error().message,
                   "install the language data: apt-get install tesseract-ocr-lao "
                   "tesseract-ocr-tha tesseract-ocr-eng (scans cannot be searched without it)");
  }
  return Ok(name, languages + " installed");
}

Check Certificate(const std::string& data_dir, int64_t now) {
  const std::string name = "certificate";
  const std::string dir = data_dir + "/tls";
  struct stat st {};
  const bool custom = ::stat(tls::CustomPemPath(dir).c_str(), &st) == 0;
  const std::string path = custom ? tls::CustomPemPath(dir) : tls::ServerPemPath(dir);
  if (!custom && ::stat(path.c_str(), &st) != 0) {
    return Problem(name, Level::kWarn, "no HTTPS certificate yet",
                   "start 'saraban serve' without --insecure-http: it makes the office CA and "
                   "a certificate on its first start (a box served with --tls-cert uses that "
                   "file instead: check its expiry there)");
  }
  const std::string renew =
      custom ? "install a renewed certificate from the admin page (HTTPS), or delete " + path +
                   " to serve the office's own certificate, then restart saraban"
             : "restart saraban (systemctl restart saraban): it issues a new certificate "
               "for the box's current names and addresses";
  auto info = tls::InspectFile(path);
  if (!info) return Problem(name, Level::kFail, info.error().message, renew);
  const int64_t days = (info->not_after - now) / kDay;
  std::string kind = custom ? "installed certificate" : "office certificate";
  if (info->not_after <= now) {
    return Problem(name, Level::kFail, kind + " " + path + " has expired", renew);
  }
  if (days < kCertificateWarnDays) {
    return Problem(name, Level::kWarn, kind + " expires in " + std::to_string(days) + " days",
                   renew);
  }
  if (!custom) {
    auto missing = tls::Uncovered(*info, tls::LocalNames());
    if (!missing.empty()) {
      std::string list;
      for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
      return Problem(name, Level::kWarn, "office certificate does not cover " + list, renew);
    }
  }
  if (auto ca = tls::InspectFile(tls::CaCertPath(dir)); ca && !custom) {
    const int64_t ca_days = (ca->not_after - now) / kDay;
    if (ca_days < kCaWarnDays) {
      return Problem(name, Level::kWarn,
                     "the office CA expires in " + std::to_string(ca_days) + " days",
                     "plan a new CA: move " + dir +
                         " away, restart saraban, and have every office PC trust the new "
                         "CA (docs/https.md)");
    }
  }
  std::string names;
  for (const auto& n : info->names) names += (names.empty() ? "" : " ") + n;
  return Ok(name, kind + ", " + std::to_string(days) + " days left, for " + names);
}

// "NTP synchronised", "NTP not synchronised" or "" when it cannot be told.
std::string NtpState() {
  struct stat st {};
  // systemd-timesyncd touches this file once the clock is synchronised.
  if (::stat("/run/systemd/timesync/synchronized", &st) == 0) return "yes";
  FILE* p = ::popen("timedatectl show -p NTPSynchronized --value 2>/dev/null", "r");
  if (!p) return "";
  char buf[16] = {};
  const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
  ::pclose(p);
  const std::string v = got ? std::string(buf, std::strcspn(buf, "\n")) : "";
  return v == "yes" || v == "no" ? v : "";
}

Check Clock(int64_t now) {
  const std::string name = "clock";
  const std::string shown = FormatTimestamp(now * 1000, 0);
  const std::string set_time =
      "set the time: timedatectl set-ntp true (or point the box at the office's time server); "
      "certificates, sessions, due dates and backup times depend on it";
  if (now < BuildDate()) {
    return Problem(name, Level::kFail,
                   "the clock says " + shown + ", before this Saraban was built (" + __DATE__ + ")",
                   set_time);
  }
  const std::string ntp = NtpState();
  if (ntp == "no") {
    return Problem(name, Level::kWarn, shown + ", NTP not synchronised", set_time);
  }
  return Ok(name, shown + (ntp == "yes" ? ", NTP synchronised" : " (NTP state not detectable)"));
}

Check Backups(const std::string& data_dir, const store::Store& store, int64_t now_ms,
              int utc_offset) {
  const std::string name = "backup";
  auto state = store.Read([](const store::ReadTxn& txn) { return services::LoadBackupState(txn); });
  if (!state) return Problem(name, Level::kFail, state.error().message, "see 'data directory'");
  const bool keys = backup::LoadOfficeKeys(services::BackupKeysPath(data_dir)).ok();
  const std::string how =
      std::string(keys ? "" : "run 'saraban backup setup --data " + data_dir + "', then ") +
      "plug in the USB drive and run 'saraban backup create --data " + data_dir +
      " --to <drive folder>', or set backup_target and backup_time in the admin settings for a "
      "daily backup";
  const auto& success = (*state)["last_success"];
  const auto& failure = (*state)["last_failure"];
  if (!success.is_object() || !success.contains("at")) {
    std::string finding = "no backup yet";
    if (failure.is_object()) finding += "; the last attempt failed: " + failure.value("reason", "");
    return Problem(name, Level::kWarn, finding, how);
  }
  const int64_t at = success["at"].get<int64_t>();
  const int64_t age_h = (now_ms - at) / 3'600'000;
  const std::string when = FormatTimestamp(at, utc_offset);
  if (failure.is_object() && failure.value("at", int64_t{0}) > at) {
    return Problem(
        name, Level::kWarn,
        "the last backup failed: " + failure.value("reason", "") + " (last good one " + when + ")",
        failure.value("hint", "").empty() ? how : failure.value("hint", ""));
  }
  if (now_ms - at > kBackupWarnAge * 1000) {
    return Problem(name, Level::kWarn,
                   "last backup " + std::to_string(age_h / 24) + " days ago (" + when + ")", how);
  }
  return Ok(name, "last backup " + std::to_string(age_h) + " h ago (" + when + "), " +
                      success.value("archive", ""));
}

Check Queues(const std::string& data_dir, const store::Store& store) {
  const std::string name = "queues";
  struct Counts {
    size_t jobs = 0;
    uint64_t last_change = 0;
  };
  auto counts = store.Read([](const store::ReadTxn& txn) -> Result<Counts> {
    auto jobs = txn.ListJobs(1'000'000);
    if (!jobs) return jobs.error();
    auto last = txn.LastChangeSeq();
    if (!last) return last.error();
    return Counts{jobs->size(), *last};
  });
  if (!counts) return Problem(name, Level::kFail, counts.error().message, "see 'data directory'");
  auto applied = indexer::ReadAppliedSeq(data_dir + "/index");
  if (!applied && applied.error().code != Errc::kNotFound) {
    return Problem(name, Level::kWarn, "the search index does not open: " + applied.error().message,
                   "stop saraban and run 'saraban reindex --data " + data_dir + "'");
  }
  const uint64_t seen = applied ? *applied : 0;
  const uint64_t lag = counts->last_change > seen ? counts->last_change - seen : 0;
  const std::string finding = std::to_string(counts->jobs) + " files waiting for OCR, index " +
                              std::to_string(lag) + " changes behind" +
                              (applied ? "" : " (no index yet: saraban serve builds it)");
  if (counts->jobs > kOcrQueueWarn) {
    return Problem(name, Level::kWarn, finding,
                   "text extraction is behind: make sure saraban runs with --ocr-workers above 0; "
                   "if the number does not fall, look for failing files in the log "
                   "(journalctl -u saraban)");
  }
  if (lag > kIndexLagWarn) {
    return Problem(name, Level::kWarn, finding,
                   "the index catches up while saraban serve runs; if it does not, stop saraban "
                   "and run 'saraban reindex --data " +
                       data_dir + "'");
  }
  return Ok(name, finding);
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kOk:
      return "OK";
    case Level::kWarn:
      return "WARN";
    case Level::kFail:
      return "FAIL";
    case Level::kSkip:
      return "SKIP";
  }
  return "?";
}

}  // namespace

int RunDoctor(const std::string& data_dir) {
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  std::vector<Check> checks;
  std::unique_ptr<store::Store> store;
  checks.push_back(DataDirectory(data_dir, &store));
  struct stat st {};
  const bool dir_exists = ::stat(data_dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  if (dir_exists) checks.push_back(DiskSpace(data_dir));
  std::optional<services::OfficeSettings> settings;
  if (store) {
    auto loaded =
        store->Read([](const store::ReadTxn& txn) { return services::LoadSettings(txn); });
    if (loaded) settings = *loaded;
  }
  checks.push_back(OcrLanguages(settings ? settings->ocr_languages : "lao+tha+eng"));
  if (dir_exists) checks.push_back(Certificate(data_dir, now));
  checks.push_back(Clock(now));
  if (store) {
    checks.push_back(
        Backups(data_dir, *store, now * 1000, settings ? settings->utc_offset_minutes : 0));
    checks.push_back(Queues(data_dir, *store));
  } else {
    for (const char* name : {"backup", "queues"}) {
      checks.push_back({name, Level::kSkip, "not checked: the store did not open", {}});
    }
  }

  int code = 0;
  for (const Check& c : checks) {
    std::printf("%-4s  %-15s %s\n", LevelName(c.level), c.name.c_str(), c.finding.c_str());
    if (!c.advice.empty()) std::printf("      what to do: %s\n", c.advice.c_str());
    if (c.level == Level::kWarn) code = std::max(code, 1);
    if (c.level == Level::kFail) code = 2;
  }
  std::printf("%s\n", code == 0   ? "all checks passed"
                      : code == 1 ? "warnings: see 'what to do' above"
                                  : "problems: see 'what to do' above");
  return code;
}

}  // namespace saraban::cli
