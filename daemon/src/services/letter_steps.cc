#include "services/letter_steps.h"

#include "core/calendar.h"
#include "services/sessions.h"

namespace saraban::services {

Status RecordLetterStep(store::WriteTxn& txn, const Actor& actor, uint64_t letter_id,
                        const std::string& action, const nlohmann::json& detail) {
  const std::string text = detail.dump();
  store::TimelineEvent event{.letter_id = letter_id,
                             .at = NowMillis(),
                             .user_id = actor.user.id,
                             .action = action,
                             .detail = text};
  if (auto s = txn.AppendTimeline(event); !s) return s.status();
  if (auto s = txn.AppendAudit(MakeAudit(&actor.user, "letter_" + action,
                                         "letter:" + std::to_string(letter_id), actor.remote_addr,
                                         text));
      !s) {
    return s.status();
  }
  return txn.AppendChange("letter", letter_id).status();
}

}  // namespace saraban::services
