#include "services/routing.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/calendar.h"
#include "services/authz.h"
#include "services/letter_steps.h"
#include "services/notifications.h"
#include "services/sessions.h"
#include "services/settings.h"

namespace saraban::services {
namespace {

using nlohmann::json;
using store::Delivery;
using store::DeliveryStatus;

Error Conflict(const std::string& why, const std::string& hint = "") {
  return MakeError(Errc::kConflict, why, hint);
}


bool IsMember(const store::User& user, uint64_t unit_id) {
  return std::find(user.unit_ids.begin(), user.unit_ids.end(), unit_id) != user.unit_ids.end();
}

// The pending delivery of a letter that the actor may act on as receiver.
Result<Delivery> PendingForActor(const store::ReadTxn& txn, const Actor& actor,
                                 uint64_t letter_id, std::optional<uint64_t> unit_id) {
  auto deliveries = txn.DeliveriesOfLetter(letter_id);
  if (!deliveries) return deliveries.error();
  std::vector<Delivery> mine;
  bool seen_any = false;
  for (const auto& d : *deliveries) {
    if (!IsRegistrarOf(actor.user, d.to_unit) && !IsMember(actor.user, d.to_unit)) continue;
    if (unit_id && d.to_unit != *unit_id) continue;
    seen_any = true;
    if (d.status == DeliveryStatus::kPending) mine.push_back(d);
  }
  if (!seen_any) {
    return MakeError(Errc::kNotFound, "letter " + std::to_string(letter_id) +
                                          " was not sent to your unit");
  }
  if (mine.empty()) {
    return Conflict("the letter is no longer waiting for your unit",
                    "it was accepted, returned or recalled already");
  }
  if (mine.size() > 1) {
    return MakeError(Errc::kInvalidArgument, "the letter waits for several of your units",
                     "say which one with \"unit_id\"");
  }
  if (!IsRegistrarOf(actor.user, mine[0].to_unit)) {
    return MakeError(Errc::kForbidden, "only the receiving unit's registrar may do this");
  }
  return mine[0];
}

bool Live(LetterStatus s) { return s == LetterStatus::kRegistered; }

}  // namespace

std::string_view DeliveryStatusName(DeliveryStatus s) {
  switch (s) {
    case DeliveryStatus::kPending: return "pending";
    case DeliveryStatus::kAccepted: return "accepted";
    case DeliveryStatus::kReturned: return "returned";
    case DeliveryStatus::kRecalled: return "recalled";
  }
  return "pending";
}

Result<std::vector<Delivery>> SendLetter(store::Store& store, const Actor& actor,
                                         uint64_t letter_id, const SendRequest& req) {
  if (req.unit_ids.empty()) {
    return MakeError(Errc::kInvalidArgument, "send to at least one unit",
                     "external recipients are recorded with the units it goes to");
  }
  return store.Write([&](store::WriteTxn& txn) -> Result<std::vector<Delivery>> {
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto letter = VisibleLetter(txn, *scope, letter_id);
    if (!letter) return letter.error();
    if (!IsRegistrarOf(actor.user, letter->unit_id)) {
      return MakeError(Errc::kForbidden, "only a registrar of the letter's unit may send it");
    }
    if (!Live(letter->status)) {
      return Conflict("letter " + std::to_string(letter_id) + " is " +
                          std::string(LetterStatusName(letter->status)) + ", not registered",
                      letter->status == LetterStatus::kDraft ? "register it first" : "");
    }
    auto existing = txn.DeliveriesOfLetter(letter_id);
    if (!existing) return existing.error();
    std::set<uint64_t> targets(req.unit_ids.begin(), req.unit_ids.end());
    std::vector<Delivery> sent;
    const int64_t now = NowMillis();
    for (uint64_t unit_id : targets) {
      if (unit_id == letter->unit_id) {
        return MakeError(Errc::kInvalidArgument, "a letter is not sent to its own unit");
      }
      auto unit = txn.GetUnit(unit_id);
      if (!unit) return unit.error();
      if (!*unit || !(*unit)->active) {
        return MakeError(Errc::kInvalidArgument, "no unit " + std::to_string(unit_id));
      }
      for (const auto& d : *existing) {
        if (d.to_unit == unit_id && d.status == DeliveryStatus::kPending) {
          return Conflict("unit " + (*unit)->code + " already has this letter waiting");
        }
      }
      auto id = txn.NextId("delivery");
      if (!id) return id.error();
      Delivery d{.id = *id,
                 .letter_id = letter_id,
                 .from_unit = letter->unit_id,
                 .to_unit = unit_id,
                 .status = DeliveryStatus::kPending,
                 .circular = req.circular,
                 .sent_at = now,
                 .sent_by = actor.user.id};
      if (Status s = txn.PutDelivery(d); !s) return s.error();
      if (Status s = NotifyUnit(txn, unit_id, *letter, "new_incoming", actor.user.id); !s) {
        return s.error();
      }
      sent.push_back(d);
    }
    store::Letter updated = *letter;
    for (const auto& r : req.external_recipients) {
      if (std::find(updated.external_recipients.begin(), updated.external_recipients.end(), r) ==
          updated.external_recipients.end()) {
        updated.external_recipients.push_back(r);
      }
    }
    updated.updated_at = now;
    if (Status s = txn.PutLetter(updated); !s) return s.error();
    if (Status s = RecordLetterStep(txn, actor, letter_id, req.circular ? "sent_circular" : "sent",
                         {{"unit_ids", json(targets)},
                          {"external_recipients", req.external_recipients}});
        !s) {
      return s.error();
    }
    return sent;
  });
}

Result<store::Letter> AcceptLetter(store::Store& store, const Actor& actor, uint64_t letter_id,
                                   std::optional<uint64_t> unit_id) {
  return store.Write([&](store::WriteTxn& txn) -> Result<store::Letter> {
    auto settings = LoadSettings(txn);
    if (!settings) return settings.error();
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto origin = VisibleLetter(txn, *scope, letter_id);
    if (!origin) return origin.error();
    auto delivery = PendingForActor(txn, actor, letter_id, unit_id);
    if (!delivery) return delivery.error();
    const int64_t now = NowMillis();
    // The same matter received again keeps its copy and its number.
    auto existing = txn.FindCopy(letter_id, delivery->to_unit);
    if (!existing) return existing.error();
    store::Letter copy;
    std::string action = "received";
    if (*existing != 0) {
      auto found = txn.GetLetter(*existing);
      if (!found) return found.error();
      if (!*found) return MakeError(Errc::kCorruption, "a received copy is missing");
      copy = **found;
      copy.status = LetterStatus::kRegistered;
      copy.received_at = now;
      copy.updated_at = now;
      action = "received_again";
    } else {
      auto id = txn.NextId("letter");
      if (!id) return id.error();
      copy = *origin;
      copy.id = *id;
      copy.direction = Direction::kIncoming;
      copy.book = "receive";
      copy.status = LetterStatus::kDraft;
      copy.unit_id = delivery->to_unit;
      copy.operator_id = actor.user.id;
      copy.received_at = now;
      copy.register_no = 0;
      copy.register_year = 0;
      copy.origin_letter_id = letter_id;
      copy.external_recipients.clear();
      copy.close_note.clear();
      copy.cancel_reason.clear();
      copy.created_at = copy.updated_at = now;
      if (Status s = AssignNumber(txn, *settings, actor.user, now, copy); !s) return s.error();
      if (Status s = txn.PutCopy(letter_id, delivery->to_unit, copy.id); !s) return s.error();
    }
    if (Status s = txn.PutLetter(copy); !s) return s.error();
    delivery->status = DeliveryStatus::kAccepted;
    delivery->acted_at = now;
    delivery->acted_by = actor.user.id;
    delivery->copy_id = copy.id;
    if (delivery->read_at == 0) {
      delivery->read_at = now;
      delivery->read_by = actor.user.id;
    }
    if (Status s = txn.PutDelivery(*delivery); !s) return s.error();
    const json number = {{"unit_id", delivery->to_unit},
                         {"copy_id", copy.id},
                         {"register_no", copy.register_no},
                         {"register_year", copy.register_year}};
    if (Status s = RecordLetterStep(txn, actor, letter_id, "accepted", number); !s) return s.error();
    if (Status s = RecordLetterStep(txn, actor, copy.id, action,
                         {{"from_unit", delivery->from_unit},
                          {"origin_letter_id", letter_id},
                          {"register_no", copy.register_no},
                          {"register_year", copy.register_year}});
        !s) {
      return s.error();
    }
    return copy;
  });
}

Status ReturnLetter(store::Store& store, const Actor& actor, uint64_t letter_id,
                    std::optional<uint64_t> unit_id, const std::string& note) {
  return store.Write([&](store::WriteTxn& txn) -> Status {
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto origin = VisibleLetter(txn, *scope, letter_id);
    if (!origin) return origin.status();
    auto delivery = PendingForActor(txn, actor, letter_id, unit_id);
    if (!delivery) return delivery.status();
    delivery->status = DeliveryStatus::kReturned;
    delivery->acted_at = NowMillis();
    delivery->acted_by = actor.user.id;
    delivery->note = note;
    if (delivery->read_at == 0) {
      delivery->read_at = delivery->acted_at;
      delivery->read_by = actor.user.id;
    }
    if (Status s = txn.PutDelivery(*delivery); !s) return s;
    if (Status s = NotifyUnit(txn, delivery->from_unit, *origin, "returned", actor.user.id); !s) {
      return s;
    }
    return RecordLetterStep(txn, actor, letter_id, "returned",
                 {{"unit_id", delivery->to_unit}, {"note", note}});
  });
}

Result<std::vector<Delivery>> RecallLetter(store::Store& store, const Actor& actor,
                                           uint64_t letter_id, std::optional<uint64_t> unit_id,
                                           const std::string& reason) {
  return store.Write([&](store::WriteTxn& txn) -> Result<std::vector<Delivery>> {
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto letter = VisibleLetter(txn, *scope, letter_id);
    if (!letter) return letter.error();
    if (!IsRegistrarOf(actor.user, letter->unit_id)) {
      return MakeError(Errc::kForbidden, "only a registrar of the sending unit may recall it");
    }
    auto deliveries = txn.DeliveriesOfLetter(letter_id);
    if (!deliveries) return deliveries.error();
    std::vector<Delivery> recalled;
    bool named_found = false;
    for (auto d : *deliveries) {
      if (unit_id && d.to_unit != *unit_id) continue;
      named_found = named_found || unit_id.has_value();
      if (d.status != DeliveryStatus::kPending) {
        if (unit_id && d.status == DeliveryStatus::kAccepted) {
          return Conflict("unit " + std::to_string(d.to_unit) +
                              " has already accepted the letter; it cannot be recalled",
                          "ask the unit to return it");
        }
        continue;
      }
      d.status = DeliveryStatus::kRecalled;
      d.acted_at = NowMillis();
      d.acted_by = actor.user.id;
      d.note = reason;
      if (Status s = txn.PutDelivery(d); !s) return s.error();
      if (Status s = NotifyUnit(txn, d.to_unit, *letter, "recalled", actor.user.id); !s) {
        return s.error();
      }
      recalled.push_back(d);
    }
    if (unit_id && !named_found) {
      return MakeError(Errc::kNotFound, "the letter was not sent to unit " +
                                            std::to_string(*unit_id));
    }
    if (recalled.empty()) return Conflict("no unit has the letter waiting; nothing to recall");
    json units = json::array();
    for (const auto& d : recalled) units.push_back(d.to_unit);
    if (Status s = RecordLetterStep(txn, actor, letter_id, "recalled", {{"unit_ids", units}, {"reason", reason}});
        !s) {
      return s.error();
    }
    return recalled;
  });
}

Status MarkRead(store::Store& store, const store::User& user, uint64_t letter_id) {
  auto unread = store.Read([&](const store::ReadTxn& txn) -> Result<bool> {
    auto deliveries = txn.DeliveriesOfLetter(letter_id);
    if (!deliveries) return deliveries.error();
    for (const auto& d : *deliveries) {
      if (d.status == DeliveryStatus::kPending && d.read_at == 0 &&
          (IsMember(user, d.to_unit) || IsRegistrarOf(user, d.to_unit))) {
        return true;
      }
    }
    return false;
  });
  if (!unread) return unread.error();
  if (!*unread) return Status::Ok();  // reading costs no write
  const Actor actor{user, ""};
  return store.Write([&](store::WriteTxn& txn) -> Status {
    auto deliveries = txn.DeliveriesOfLetter(letter_id);
    if (!deliveries) return deliveries.status();
    for (auto d : *deliveries) {
      if (d.status != DeliveryStatus::kPending || d.read_at != 0) continue;
      if (!IsMember(user, d.to_unit) && !IsRegistrarOf(user, d.to_unit)) continue;
      d.read_at = NowMillis();
      d.read_by = user.id;
      if (Status s = txn.PutDelivery(d); !s) return s;
      if (Status s = RecordLetterStep(txn, actor, letter_id, "read", {{"unit_id", d.to_unit}}); !s) return s;
    }
    return Status::Ok();
  });
}

Result<store::Letter> CloseLetter(store::Store& store, const Actor& actor, uint64_t letter_id,
                                  const std::string& note) {
  return store.Write([&](store::WriteTxn& txn) -> Result<store::Letter> {
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto letter = VisibleLetter(txn, *scope, letter_id);
    if (!letter) return letter.error();
    if (!IsRegistrarOf(actor.user, letter->unit_id) && !actor.user.HasRole(Role::kExecutive)) {
      return MakeError(Errc::kForbidden, "only the unit's registrar or an executive may close it");
    }
    if (letter->status != LetterStatus::kRegistered) {
      return Conflict("letter " + std::to_string(letter_id) + " is " +
                          std::string(LetterStatusName(letter->status)) +
                          "; only a registered letter can be closed");
    }
    letter->status = LetterStatus::kClosed;
    letter->close_note = note;
    letter->updated_at = NowMillis();
    if (Status s = txn.PutLetter(*letter); !s) return s.error();
    if (Status s = RecordLetterStep(txn, actor, letter_id, "closed", {{"note", note}}); !s) return s.error();
    return letter;
  });
}

Status DeleteDraft(store::Store& store, const Actor& actor, uint64_t letter_id) {
  return store.Write([&](store::WriteTxn& txn) -> Status {
    auto scope = ScopeOf(txn, actor.user);
    if (!scope) return scope.error();
    auto letter = VisibleLetter(txn, *scope, letter_id);
    if (!letter) return letter.status();
    if (letter->status != LetterStatus::kDraft) {
      return Conflict("only a draft can be deleted; this letter is " +
                          std::string(LetterStatusName(letter->status)),
                      "cancel a registered letter instead: its number stays in the register");
    }
    if (letter->operator_id != actor.user.id && !IsRegistrarOf(actor.user, letter->unit_id)) {
      return MakeError(Errc::kForbidden, "only its author or the unit's registrar may delete it");
    }
    auto deliveries = txn.DeliveriesOfLetter(letter_id);
    if (!deliveries) return deliveries.status();
    if (!deliveries->empty()) return Conflict("a letter that was sent cannot be deleted");
    if (Status s = txn.DeleteLetter(letter_id); !s) return s;
    if (auto s = txn.AppendAudit(MakeAudit(&actor.user, "letter_draft_deleted",
                                           "letter:" + std::to_string(letter_id),
                                           actor.remote_addr,
                                           json{{"subject", letter->subject}}.dump()));
        !s) {
      return s.status();
    }
    return txn.AppendChange("letter", letter_id).status();
  });
}

Result<std::vector<InboxItem>> Inbox(store::Store& store, const store::User& user) {
  return store.Read([&](const store::ReadTxn& txn) -> Result<std::vector<InboxItem>> {
    std::vector<InboxItem> out;
    for (uint64_t unit_id : user.unit_ids) {
      auto deliveries = txn.DeliveriesToUnit(unit_id);
      if (!deliveries) return deliveries.error();
      for (const auto& d : *deliveries) {
        if (d.status != DeliveryStatus::kPending) continue;
        auto letter = txn.GetLetter(d.letter_id);
        if (!letter) return letter.error();
        if (!*letter || (*letter)->secrecy > user.clearance) continue;
        out.push_back({d, **letter});
      }
    }
    std::sort(out.begin(), out.end(),
              [](const InboxItem& a, const InboxItem& b) { return a.delivery.id > b.delivery.id; });
    return out;
  });
}

}  // namespace saraban::services
