// JSON views of records as the API shows them. Secrets (password hashes,
// session tokens) never appear in a view.
#ifndef SARABAN_DAEMON_API_VIEWS_H_
#define SARABAN_DAEMON_API_VIEWS_H_

#include <nlohmann/json.hpp>
#include <vector>

#include "services/letters.h"
#include "services/settings.h"
#include "store/records.h"

namespace saraban::api {

using nlohmann::json;

json UnitView(const store::Unit& u);
json UserView(const store::User& u, const services::OfficeSettings& s);
json BookView(const store::BookType& b);
// `register_label` needs the book's format and the register unit's code.
json LetterView(const store::Letter& l, const services::OfficeSettings& s,
                const std::string& number_format, const std::string& register_unit_code);
json TimelineView(const std::vector<store::TimelineEvent>& events,
                  const services::OfficeSettings& s);
json AuditView(const store::AuditEntry& e, const services::OfficeSettings& s);

}  // namespace saraban::api

#endif  // SARABAN_DAEMON_API_VIEWS_H_
