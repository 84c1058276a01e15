#include "services/route_view.h"

#include <algorithm>
#include <deque>
#include <set>

#include "services/authz.h"

namespace saraban::services {
namespace {

// Guards the walk up origin links against a damaged chain.
constexpr int kMaxChain = 1000;

std::string LetterState(LetterStatus s) {
  switch (s) {
    case LetterStatus::kClosed:
      return "closed";
    case LetterStatus::kCancelled:
      return "cancelled";
    default:
      return "open";
  }
}

std::string DeliveryState(store::DeliveryStatus s) {
  switch (s) {
    case store::DeliveryStatus::kPending:
      return "waiting";
    case store::DeliveryStatus::kReturned:
      return "returned";
    case store::DeliveryStatus::kRecalled:
      return "recalled";
    case store::DeliveryStatus::kAccepted:
      return "open";
  }
  return "waiting";
}

// Fills the stop's letter fields from a unit's own letter.
void SetLetter(const store::ReadTxn& txn, const Scope& scope, const store::Letter& letter,
               RouteStop& stop) {
  stop.letter_status = letter.status;
  stop.state = LetterState(letter.status);
  if (VisibleLetter(txn, scope, letter.id)) stop.letter_id = letter.id;
}

int64_t ArrivedAt(const RouteStop& s) { return s.delivery ? s.delivery->sent_at : 0; }

}  // namespace

Result<LetterRoute> TraceRoute(const store::ReadTxn& txn, const store::User& viewer,
                               uint64_t letter_id) {
  auto scope = ScopeOf(txn, viewer);
  if (!scope) return scope.error();
  auto asked = VisibleLetter(txn, *scope, letter_id);
  if (!asked) return asked.error();

  store::Letter first = *asked;
  for (int i = 0; i < kMaxChain && first.origin_letter_id != 0; ++i) {
    auto origin = txn.GetLetter(first.origin_letter_id);
    if (!origin) return origin.error();
    if (!*origin) break;
    first = std::move(**origin);
  }

  LetterRoute route{.origin_letter_id = first.id};
  RouteStop start{.unit_id = first.unit_id};
  SetLetter(txn, *scope, first, start);
  route.stops.push_back(start);

  // Breadth first along the sendings; each accepted delivery continues with
  // the receiving unit's copy.
  std::deque<std::pair<store::Letter, int>> pending{{first, 0}};
  std::set<uint64_t> expanded;
  while (!pending.empty()) {
    auto [letter, depth] = std::move(pending.front());
    pending.pop_front();
    if (!expanded.insert(letter.id).second) continue;
    auto deliveries = txn.DeliveriesOfLetter(letter.id);
    if (!deliveries) return deliveries.error();
    for (const store::Delivery& d : *deliveries) {
      RouteStop stop{.unit_id = d.to_unit,
                     .from_unit_id = d.from_unit,
                     .depth = depth + 1,
                     .delivery = d,
                     .state = DeliveryState(d.status)};
      if (d.status == store::DeliveryStatus::kAccepted && d.copy_id != 0) {
        auto copy = txn.GetLetter(d.copy_id);
        if (!copy) return copy.error();
        if (*copy) {
          SetLetter(txn, *scope, **copy, stop);
          pending.emplace_back(**copy, depth + 1);
        }
      }
      route.stops.push_back(std::move(stop));
    }
  }
  std::stable_sort(
      route.stops.begin() + 1, route.stops.end(),
      [](const RouteStop& a, const RouteStop& b) { return ArrivedAt(a) < ArrivedAt(b); });

  std::set<uint64_t> current;
  for (const RouteStop& s : route.stops) {
    if (s.state == "waiting" || s.state == "open") current.insert(s.unit_id);
  }
  route.current_unit_ids.assign(current.begin(), current.end());
  return route;
}

}  // namespace saraban::services
