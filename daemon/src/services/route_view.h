// The route of a letter: every unit it passed through, from the unit that
// first registered it, along each sending to the units that accepted,
// returned or still have it pending, and on through their own copies when
// they sent it further; and where it is now.
//
// The route is traced from the first letter of the chain (following
// origin_letter_id up), so every copy shows the same route. Units and
// statuses are shown whole; a copy's letter id only when the viewer may
// see that copy (authz.h), so the route never opens a letter by itself.
// Thread-safety: pure function over a transaction the caller holds.
// Errors: kNotFound when the viewer may not see the letter asked for.
#ifndef SARABAN_DAEMON_SERVICES_ROUTE_VIEW_H_
#define SARABAN_DAEMON_SERVICES_ROUTE_VIEW_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.h"
#include "store/store.h"

namespace saraban::services {

// One unit on the route.
struct RouteStop {
  uint64_t unit_id = 0;
  uint64_t from_unit_id = 0;  // 0 for the first unit
  int depth = 0;              // sendings from the first unit
  // The delivery that brought it here (absent for the first unit).
  std::optional<store::Delivery> delivery;
  // The unit's own registered letter, when it has one (the first unit's
  // letter, or the copy made on accepting) and the viewer may see it.
  std::optional<uint64_t> letter_id;
  std::optional<LetterStatus> letter_status;
  // Where the letter stands at this unit now: "waiting" (sent, not yet
  // accepted), "open", "closed", "returned", "recalled" or "cancelled".
  std::string state;
};

struct LetterRoute {
  uint64_t origin_letter_id = 0;  // the first letter of the chain
  std::vector<RouteStop> stops;   // in the order the letter reached them
  // Units where the letter is now: pending deliveries and open letters.
  std::vector<uint64_t> current_unit_ids;
};

Result<LetterRoute> TraceRoute(const store::ReadTxn& txn, const store::User& viewer,
                               uint64_t letter_id);

}  // namespace saraban::services

#endif  // SARABAN_DAEMON_SERVICES_ROUTE_VIEW_H_
