#include "api/views.h"

#include "core/calendar.h"

namespace saraban::api {
namespace {

json Time(int64_t ms, const services::OfficeSettings& s) {
  return ms == 0 ? json(nullptr) : json(FormatTimestamp(ms, s.utc_offset_minutes));
}

json OrNull(const std::string& v) { return v.empty() ? json(nullptr) : json(v); }

}  // namespace

json UnitView(const store::Unit& u) {
  return {{"id", u.id},
          {"parent_id", u.parent_id == 0 ? json(nullptr) : json(u.parent_id)},
          {"code", u.code},
          {"name_lo", u.name_lo},
          {"name_th", u.name_th},
          {"name_en", u.name_en},
          {"keeps_books", u.keeps_books},
          {"active", u.active}};
}

json UserView(const store::User& u, const services::OfficeSettings& s) {
  json roles = json::array();
  for (Role r : kAllRoles) {
    if (u.HasRole(r)) roles.push_back(RoleName(r));
  }
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"roles", roles},
          {"unit_ids", u.unit_ids},
          {"clearance", SecrecyName(u.clearance)},
          {"language", u.language},
          {"email", u.email},
          {"active", u.active},
          {"locked_until", Time(u.locked_until, s)},
          {"password_changed_at", Time(u.password_changed_at, s)}};
}

json BookView(const store::BookType& b) {
  return {{"code", b.code},         {"name_lo", b.name_lo},     {"name_th", b.name_th},
          {"name_en", b.name_en},   {"numbered", b.numbered},   {"number_format", b.number_format},
          {"builtin", b.builtin}};
}

json LetterView(const store::Letter& l, const services::OfficeSettings& s,
                const std::string& number_format, const std::string& register_unit_code) {
  json j = {{"id", l.id},
            {"direction", DirectionName(l.direction)},
            {"book", l.book},
            {"status", LetterStatusName(l.status)},
            {"document_no", l.document_no},
            {"document_date", OrNull(l.document_date)},
            {"subject", l.subject},
            {"from", l.from},
            {"to", l.to},
            {"unit_id", l.unit_id},
            {"operator_id", l.operator_id},
            {"received_at", Time(l.received_at, s)},
            {"urgency", UrgencyName(l.urgency)},
            {"secrecy", SecrecyName(l.secrecy)},
            {"category", l.category},
            {"delivery_method", l.delivery_method},
            {"due_date", OrNull(l.due_date)},
            {"due_days", l.due_days == 0 ? json(nullptr) : json(l.due_days)},
            {"remarks", l.remarks},
            {"register_no", nullptr},
            {"register_year", nullptr},
            {"register_label", nullptr},
            {"register_unit_id", nullptr},
            {"registered_at", Time(l.registered_at, s)},
            {"cancel_reason", OrNull(l.cancel_reason)},
            {"close_note", OrNull(l.close_note)},
            {"origin_letter_id", l.origin_letter_id == 0 ? json(nullptr) : json(l.origin_letter_id)},
            {"external_recipients", l.external_recipients},
            {"created_at", Time(l.created_at, s)},
            {"updated_at", Time(l.updated_at, s)}};
  if (l.register_no != 0) {
    j["register_no"] = l.register_no;
    j["register_year"] = l.register_year;  // CE; the label shows the office era
    j["register_label"] = services::FormatRegisterNumber(number_format, l.register_no,
                                                         l.register_year, s.era,
                                                         register_unit_code);
    j["register_unit_id"] = l.register_unit_id;
  }
  return j;
}

json TimelineView(const std::vector<store::TimelineEvent>& events,
                  const services::OfficeSettings& s) {
  json out = json::array();
  for (const auto& e : events) {
    out.push_back({{"at", Time(e.at, s)},
                   {"user_id", e.user_id},
                   {"action", e.action},
                   {"detail", json::parse(e.detail, nullptr, false)}});
  }
  return out;
}

json AuditView(const store::AuditEntry& e, const services::OfficeSettings& s) {
  return {{"seq", e.seq},
          {"at", Time(e.at, s)},
          {"user_id", e.user_id == 0 ? json(nullptr) : json(e.user_id)},
          {"username", e.username},
          {"action", e.action},
          {"target", e.target},
          {"remote_addr", e.remote_addr},
          {"detail", json::parse(e.detail, nullptr, false)},
          {"hash", e.hash}};
}

}  // namespace saraban::api
