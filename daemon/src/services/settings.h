// Office settings: one registry of every key with its type, default, help
// text and validation. The registry feeds `saraban init`, the admin API
// (GET/PATCH /api/v1/settings) and docs; values live in the store so they are
// backed up and restored with the office.
// Thread-safety: pure functions over a transaction the caller holds.
#ifndef SARABAN_DAEMON_SERVICES_SETTINGS_H_
#define SARABAN_DAEMON_SERVICES_SETTINGS_H_

#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/error.h"
#include "store/store.h"

namespace saraban::services {

struct SettingDef {
  std::string_view key;
  enum class Type { kString, kInt, kChoice, kTimeOfDay } type;
  std::string_view default_value;  // as JSON text
  std::string_view help;
  std::vector<std::string_view> choices;  // for kChoice
  int64_t min = 0, max = 0;               // for kInt
  bool secret = false;  // never shown back: the API and the audit log see a mask
};

std::span<const SettingDef> SettingRegistry();

// The settings as the code uses them.
struct OfficeSettings {
  std::string office_name;
  std::string country;  // "LA" or "TH"
  YearBasis year_basis = YearBasis::kCalendar;
  Era era = Era::kCommon;
  int utc_offset_minutes = 420;
  std::string ocr_languages;
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  int lockout_threshold = 5;
  int lockout_minutes = 15;
  int failed_logins_per_address = 30;
  int due_soon_days = 1;
  std::string public_url;
};

// The mail relay settings (services/mailer.h uses them).
struct MailSettings {
  std::string smtp_url;  // empty: no email
  std::string from;
  std::string username;
  std::string password;
  std::string public_url;
};

// Every setting, stored value or default.
Result<nlohmann::json> ReadAllSettings(const store::ReadTxn& txn);
Result<OfficeSettings> LoadSettings(const store::ReadTxn& txn);
Result<MailSettings> LoadMailSettings(const store::ReadTxn& txn);
// `settings` with every secret setting that has a value replaced by a mask.
nlohmann::json MaskSecrets(nlohmann::json settings);
// Validates every key of `changes` against the registry (kInvalidArgument
// names the first bad key) and stores them.
Status WriteSettings(store::WriteTxn& txn, const nlohmann::json& changes);
// Defaults that depend on the country: Thailand uses the Buddhist Era and
// reads Thai first; Laos the Common Era and Lao first.
nlohmann::json CountryDefaults(std::string_view country);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_SETTINGS_H_
