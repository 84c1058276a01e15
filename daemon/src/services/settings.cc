#include "services/settings.h"

#include <cctype>

namespace saraban::services {

using nlohmann::json;

std::span<const SettingDef> SettingRegistry() {
  using T = SettingDef::Type;
  static const SettingDef kDefs[] = {
      {"office_name", T::kString, R"("")", "Name of the office, shown on reports.", {}, 0, 0},
      {"country", T::kChoice, R"("LA")", "LA (Laos) or TH (Thailand).", {"LA", "TH"}, 0, 0},
      {"year_basis", T::kChoice, R"("calendar")",
       "When register numbers restart: each calendar year, or each Thai fiscal year (1 October).",
       {"calendar", "thai_fiscal"}, 0, 0},
      {"era", T::kChoice, R"("CE")", "Years shown in the Common Era (CE) or Buddhist Era (BE).",
       {"CE", "BE"}, 0, 0},
      {"utc_offset_minutes", T::kInt, "420", "Office time zone as minutes east of UTC (UTC+7: 420).",
       {}, -720, 840},
      {"ocr_languages", T::kString, R"("lao+tha+eng")",
       "Tesseract language order; the first language matters most.", {}, 0, 0},
      {"session_idle_minutes", T::kInt, "30", "A session ends after this long without use.", {}, 5,
       1440},
      {"session_absolute_hours", T::kInt, "12", "A session ends this long after login.", {}, 1, 168},
      {"lockout_threshold", T::kInt, "5", "Failed logins in a row that lock an account.", {}, 3, 100},
      {"lockout_minutes", T::kInt, "15", "How long a locked account stays locked.", {}, 1, 1440},
      {"failed_logins_per_address", T::kInt, "30",
       "Failed logins from one computer within lockout_minutes before it must wait, whatever "
       "the accounts tried.",
       {}, 5, 1000},
      {"backup_target", T::kString, R"("")",
       "Folder the daily backup is written to, e.g. the USB drive's mount point; empty: none.",
       {}, 0, 0},
      {"backup_time", T::kTimeOfDay, R"("18:00")",
       "Office-local time of the daily backup (HH:MM); empty: no daily backup, only by hand.", {},
       0, 0},
      {"backup_keep", T::kInt, "14", "Backups kept in the target; older ones are removed.", {}, 1,
       3650},
      {"due_soon_days", T::kInt, "1",
       "Days before an instruction's due date when its assignee is reminded (0: on the day).", {},
       0, 30},
      {"public_url", T::kString, R"("")",
       "Address office PCs open Saraban at, for links in emails, e.g. https://saraban.office.lan.",
       {}, 0, 0},
      {"smtp_url", T::kString, R"("")",
       "Mail relay for email notifications, e.g. smtp://mail.office.lan:25 (STARTTLS when "
       "offered) or smtps://mail.office.lan:465; empty: no email.",
       {}, 0, 0},
      {"smtp_from", T::kString, R"("")",
       "Sender address of notification emails, e.g. saraban@office.gov.la.", {}, 0, 0},
      {"smtp_username", T::kString, R"("")", "User name at the mail relay, if it needs one.", {},
       0, 0},
      {"smtp_password", T::kString, R"("")", "Password at the mail relay (never shown back).", {},
       0, 0, true},
  };
  return kDefs;
}

namespace {

const SettingDef* Find(std::string_view key) {
  for (const SettingDef& def : SettingRegistry()) {
    if (def.key == key) return &def;
  }
  return nullptr;
}

Status Validate(const SettingDef& def, const json& value) {
  auto bad = [&](const std::string& why) {
    return MakeError(Errc::kInvalidArgument, "setting '" + std::string(def.key) + "' " + why,
                     std::string(def.help));
  };
  switch (def.type) {
    case SettingDef::Type::kString:
      if (!value.is_string() || value.get<std::string>().size() > 200) {
        return bad("must be a string of at most 200 bytes");
      }
      return Status::Ok();
    case SettingDef::Type::kInt:
      if (!value.is_number_integer() || value.get<int64_t>() < def.min ||
          value.get<int64_t>() > def.max) {
        return bad("must be an integer from " + std::to_string(def.min) + " to " +
                   std::to_string(def.max));
      }
      return Status::Ok();
    case SettingDef::Type::kTimeOfDay: {
      if (!value.is_string()) return bad("must be a time like 18:30, or empty for none");
      const std::string t = value.get<std::string>();
      if (t.empty()) return Status::Ok();  // no daily backup
      const bool ok = t.size() == 5 && t[2] == ':' && std::isdigit(t[0]) && std::isdigit(t[1]) &&
                      std::isdigit(t[3]) && std::isdigit(t[4]) &&
                      std::stoi(t.substr(0, 2)) < 24 && std::stoi(t.substr(3, 2)) < 60;
      if (!ok) return bad("must be a time like 18:30, or empty for none");
      return Status::Ok();
    }
    case SettingDef::Type::kChoice:
      for (std::string_view c : def.choices) {
        if (value.is_string() && value.get<std::string>() == c) return Status::Ok();
      }
      return bad("is not one of the allowed values");
  }
  return bad("has an unknown type");
}

}  // namespace

Result<json> ReadAllSettings(const store::ReadTxn& txn) {
  json out = json::object();
  for (const SettingDef& def : SettingRegistry()) {
    auto stored = txn.GetSetting(def.key);
    if (!stored) return stored.error();
    const std::string text = stored->value_or(std::string(def.default_value));
    json value = json::parse(text, nullptr, false);
    if (value.is_discarded()) {
      return MakeError(Errc::kCorruption, "stored setting '" + std::string(def.key) + "' is damaged");
    }
    out[std::string(def.key)] = value;
  }
  return out;
}

Result<OfficeSettings> LoadSettings(const store::ReadTxn& txn) {
  auto all = ReadAllSettings(txn);
  if (!all) return all.error();
  const json& j = *all;
  OfficeSettings s;
  s.office_name = j["office_name"];
  s.country = j["country"];
  s.year_basis = j["year_basis"] == "thai_fiscal" ? YearBasis::kThaiFiscal : YearBasis::kCalendar;
  s.era = j["era"] == "BE" ? Era::kBuddhist : Era::kCommon;
  s.utc_offset_minutes = j["utc_offset_minutes"];
  s.ocr_languages = j["ocr_languages"];
  s.session_idle_minutes = j["session_idle_minutes"];
  s.session_absolute_hours = j["session_absolute_hours"];
  s.lockout_threshold = j["lockout_threshold"];
  s.lockout_minutes = j["lockout_minutes"];
  s.failed_logins_per_address = j["failed_logins_per_address"];
  s.due_soon_days = j["due_soon_days"];
  s.public_url = j["public_url"];
  return s;
}

Result<MailSettings> LoadMailSettings(const store::ReadTxn& txn) {
  auto all = ReadAllSettings(txn);
  if (!all) return all.error();
  const json& j = *all;
  return MailSettings{.smtp_url = j["smtp_url"],
                      .from = j["smtp_from"],
                      .username = j["smtp_username"],
                      .password = j["smtp_password"],
                      .public_url = j["public_url"]};
}

json MaskSecrets(json settings) {
  for (const SettingDef& def : SettingRegistry()) {
    const std::string key(def.key);
    if (def.secret && settings.contains(key) && settings[key] != "") settings[key] = "********";
  }
  return settings;
}

Status WriteSettings(store::WriteTxn& txn, const json& changes) {
  if (!changes.is_object()) {
    return MakeError(Errc::kMalformed, "settings must be a JSON object");
  }
  for (const auto& [key, value] : changes.items()) {
    const SettingDef* def = Find(key);
    if (!def) {
      return MakeError(Errc::kInvalidArgument, "unknown setting '" + key + "'",
                       "GET /api/v1/settings lists every setting");
    }
    if (Status s = Validate(*def, value); !s) return s;
  }
  for (const auto& [key, value] : changes.items()) {
    if (Status s = txn.PutSetting(key, value.dump()); !s) return s;
  }
  return Status::Ok();
}

json CountryDefaults(std::string_view country) {
  if (country == "TH") {
    return {{"country", "TH"}, {"era", "BE"}, {"ocr_languages", "tha+lao+eng"}};
  }
  return {{"country", "LA"}, {"era", "CE"}, {"ocr_languages", "lao+tha+eng"}};
}

}  // namespace saraban::services
