#include "services/backup_scheduler.h"

#include <chrono>
#include <cstdio>

#include "core/calendar.h"
#include "services/backup_runner.h"
#include "services/settings.h"

namespace saraban::services {
namespace {

using nlohmann::json;

// Outcomes live in the settings table under a key the registry does not
// list, so they are backed up with the office but are not a setting.
constexpr char kStateKey[] = "state/backup";
constexpr size_t kHistory = 30;

}  // namespace

Result<json> LoadBackupState(const store::ReadTxn& txn) {
  auto raw = txn.GetSetting(kStateKey);
  if (!raw) return raw.error();
  json state = raw->has_value() ? json::parse(**raw, nullptr, false) : json::object();
  if (!state.is_object()) state = json::object();
  if (!state.contains("history")) state["history"] = json::array();
  return state;
}

Status RecordBackupOutcome(store::Store& store, const json& outcome) {
  return store.Write([&](store::WriteTxn& txn) -> Status {
    auto state = LoadBackupState(txn);
    if (!state) return state.status();
    (*state)[outcome["ok"].get<bool>() ? "last_success" : "last_failure"] = outcome;
    json& history = (*state)["history"];
    history.insert(history.begin(), outcome);
    if (history.size() > kHistory) history.erase(history.begin() + kHistory, history.end());
    return txn.PutSetting(kStateKey, state->dump());
  });
}

void BackupScheduler::Start() { loop_ = std::thread([this] { Loop(); }); }

void BackupScheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (loop_.joinable()) loop_.join();
  if (worker_.joinable()) worker_.join();
}

Result<bool> BackupScheduler::Due(int64_t now) {
  return store_.Read([&](const store::ReadTxn& txn) -> Result<bool> {
    auto all = ReadAllSettings(txn);
    if (!all) return all.error();
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    const std::string target = (*all)["backup_target"];
    const std::string at = (*all)["backup_time"];
    if (target.empty() || at.size() != 5) return false;
    const int minutes_now = static_cast<int>(
        ((now + int64_t{settings->utc_offset_minutes} * 60'000) / 60'000) % 1440);
    const int minutes_due = std::stoi(at.substr(0, 2)) * 60 + std::stoi(at.substr(3, 2));
    if (minutes_now < minutes_due) return false;
    auto state = LoadBackupState(txn);
    if (!state) return state.error();
    const std::string today = FormatIsoDate(LocalDate(now, settings->utc_offset_minutes));
    return state->value("last_scheduled_date", "") != today;
  });
}

void BackupScheduler::Loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto due = Due(NowMillis());
    if (due && *due) {
      (void)store_.Write([&](store::WriteTxn& txn) -> Status {
        auto settings = LoadSettings(txn);
        if (!settings) return settings.status();
        auto state = LoadBackupState(txn);
        if (!state) return state.status();
        (*state)["last_scheduled_date"] =
            FormatIsoDate(LocalDate(NowMillis(), settings->utc_offset_minutes));
        return txn.PutSetting(kStateKey, state->dump());
      });
      (void)RunNow();
    }
    lock.lock();
    cv_.wait_for(lock, std::chrono::seconds(30), [this] { return stopping_; });
  }
}

Status BackupScheduler::RunNow() {
  auto configured = store_.Read([](const store::ReadTxn& txn) { return ReadAllSettings(txn); });
  if (!configured) return configured.error();
  if ((*configured)["backup_target"].get<std::string>().empty()) {
    return MakeError(Errc::kConflict, "no backup target is set",
                     "set backup_target in the office settings (e.g. the USB drive's folder)");
  }
  if (!backup::LoadOfficeKeys(BackupKeysPath(data_dir_))) {
    return MakeError(Errc::kConflict, "backups are not set up on this box",
                     "run 'saraban backup setup' to choose the backup passphrase");
  }
  std::lock_guard lock(mu_);
  if (running_) return MakeError(Errc::kConflict, "a backup is already running");
  if (worker_.joinable()) worker_.join();
  running_ = true;
  started_at_ = NowMillis();
  progress_ = {};
  worker_ = std::thread([this] { RunOnce(); });
  return Status::Ok();
}

void BackupScheduler::RunOnce() {
  const int64_t start = NowMillis();
  json outcome;
  auto settings = store_.Read([](const store::ReadTxn& txn) { return ReadAllSettings(txn); });
  auto keys = backup::LoadOfficeKeys(BackupKeysPath(data_dir_));
  Result<backup::CreateResult> result =
      !settings ? Result<backup::CreateResult>(settings.error())
      : !keys   ? Result<backup::CreateResult>(keys.error())
                : BackUpOffice(store_, data_dir_, (*settings)["backup_target"], *keys,
                               (*settings)["backup_keep"], [this](const backup::Progress& p) {
                                   std::lock_guard lock(mu_);
                                   progress_ = p;
                                 });
  const double seconds = (NowMillis() - start) / 1000.0;
  if (result) {
    outcome = {{"ok", true},
               {"at", start},
               {"seconds", seconds},
               {"archive", result->archive_path},
               {"bytes", result->archive_bytes},
               {"blobs_written", result->blobs_written},
               {"blobs_reused", result->blobs_reused},
               {"removed", result->removed}};
  } else {
    outcome = {{"ok", false}, {"at", start}, {"seconds", seconds}, {"reason", result.error().message},
               {"hint", result.error().hint}};
    std::fprintf(stderr, "saraban: backup failed: %s\n", result.error().message.c_str());
  }
  Status saved = RecordBackupOutcome(store_, outcome);
  if (!saved) std::fprintf(stderr, "saraban: backup: %s\n", saved.error().message.c_str());
  std::lock_guard lock(mu_);
  running_ = false;
}

Result<json> BackupScheduler::Report() {
  auto state = store_.Read([](const store::ReadTxn& txn) -> Result<json> {
    auto s = LoadBackupState(txn);
    if (!s) return s;
    auto all = ReadAllSettings(txn);
    if (!all) return all.error();
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    // Times as the office reads them.
    auto fix = [&](json& o) {
      if (o.is_object() && o.contains("at") && o["at"].is_number()) {
        o["at"] = FormatTimestamp(o["at"].get<int64_t>(), settings->utc_offset_minutes);
      }
    };
    fix((*s)["last_success"]);
    fix((*s)["last_failure"]);
    for (auto& h : (*s)["history"]) fix(h);
    (*s)["target"] = (*all)["backup_target"];
    (*s)["time"] = (*all)["backup_time"];
    (*s)["keep"] = (*all)["backup_keep"];
    return s;
  });
  if (!state) return state;
  (*state)["keys_set_up"] = backup::LoadOfficeKeys(BackupKeysPath(data_dir_)).ok();
  std::lock_guard lock(mu_);
  (*state)["running"] = running_;
  if (running_) {
    (*state)["progress"] = {{"bytes_done", progress_.bytes_done},
                            {"bytes_total", progress_.bytes_total},
                            {"files_done", progress_.files_done},
                            {"files_total", progress_.files_total},
                            {"seconds", (NowMillis() - started_at_) / 1000.0}};
  }
  return state;
}

}  // namespace saraban::services
