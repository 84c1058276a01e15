// The official life of a letter between units: sending (to one, several or
// many units as a circular, with external recipients recorded), opening
// (marks it read for the sender), accepting (registers it in the receiving
// unit's receive book as that unit's own copy, or again under the same
// number when the same matter comes back), returning with a note, recalling
// before acceptance, closing, and deleting a draft that was never sent.
//
// Every transition is one store transaction with its timeline events on
// the letters involved, its audit entry and its change-log entries.
// A transition the current state does not allow is kConflict with the
// reason, and changes nothing.
// Thread-safety: functions only; the store serialises writes.
#ifndef SARABAN_DAEMON_SERVICES_ROUTING_H_
#define SARABAN_DAEMON_SERVICES_ROUTING_H_

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "services/letters.h"
#include "store/store.h"

namespace saraban::services {

struct SendRequest {
  std::vector<uint64_t> unit_ids;
  std::vector<std::string> external_recipients;
  bool circular = false;
};

// kConflict unless the letter is registered (or received) and not closed or
// cancelled; kConflict when a unit already has it pending; kInvalidArgument
// for no recipients, an unknown unit, or the letter's own unit.
Result<std::vector<store::Delivery>> SendLetter(store::Store& store, const Actor& actor,
                                                uint64_t letter_id, const SendRequest& request);

// The pending delivery of `letter_id` to a unit the actor keeps registers
// for; `unit_id` chooses when there are several.
Result<store::Letter> AcceptLetter(store::Store& store, const Actor& actor, uint64_t letter_id,
                                   std::optional<uint64_t> unit_id);
Status ReturnLetter(store::Store& store, const Actor& actor, uint64_t letter_id,
                    std::optional<uint64_t> unit_id, const std::string& note);
// Recalls pending deliveries from `unit_id` (or from every unit that has
// not accepted yet). kConflict when the unit already accepted it.
Result<std::vector<store::Delivery>> RecallLetter(store::Store& store, const Actor& actor,
                                                  uint64_t letter_id,
                                                  std::optional<uint64_t> unit_id,
                                                  const std::string& reason);

// Records that the user's unit opened a letter sent to it (no-op otherwise).
Status MarkRead(store::Store& store, const store::User& user, uint64_t letter_id);

Result<store::Letter> CloseLetter(store::Store& store, const Actor& actor, uint64_t letter_id,
                                  const std::string& note);
// Only a draft that was never sent. kConflict otherwise.
Status DeleteDraft(store::Store& store, const Actor& actor, uint64_t letter_id);

struct InboxItem {
  store::Delivery delivery;
  store::Letter letter;
};
// Pending deliveries to the user's own units (not their subtree: each unit
// acts on its own incoming), newest first, within the user's clearance.
Result<std::vector<InboxItem>> Inbox(store::Store& store, const store::User& user);

std::string_view DeliveryStatusName(store::DeliveryStatus s);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_ROUTING_H_
