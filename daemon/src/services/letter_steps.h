// One step in a letter's life, recorded the same way by every service: its
// timeline event, its audit entry ("letter_<action>") and a change-log entry
// so the search index follows. Called inside the step's own transaction
// (DESIGN.md invariant 2).
#ifndef SARABAN_DAEMON_SERVICES_LETTER_STEPS_H_
#define SARABAN_DAEMON_SERVICES_LETTER_STEPS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "core/error.h"
#include "services/letters.h"
#include "store/store.h"

namespace saraban::services {

Status RecordLetterStep(store::WriteTxn& txn, const Actor& actor, uint64_t letter_id,
                        const std::string& action, const nlohmann::json& detail);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_LETTER_STEPS_H_
