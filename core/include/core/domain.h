// The vocabulary of a correspondence office: roles, secrecy levels, urgency
// and letter directions, with their stable wire names.
//
// The wire names ("unit_registrar", "top_secret", ...) appear in the API, in
// stored records and in the UI translations; never rename one.
// Thread-safety: constants and pure functions.
#ifndef SARABAN_CORE_DOMAIN_H_
#define SARABAN_CORE_DOMAIN_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace saraban {

// Roles as the offices name them. A user holds one or more.
enum class Role : uint8_t {
  kAdmin = 0,             // IT: accounts, organisation, settings, backups
  kCentralRegistrar = 1,  // the office's central saraban desk; sees the whole office
  kUnitRegistrar = 2,     // a unit's saraban clerk
  kExecutive = 3,         // signs and instructs; sees the subtree of their units
  kStaff = 4,
};
inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kCentralRegistrar, Role::kUnitRegistrar,
                                     Role::kExecutive, Role::kStaff};

// A set of roles as a bit mask, so a route can name several allowed roles.
using RoleMask = uint32_t;
constexpr RoleMask RoleBit(Role r) { return RoleMask{1} << static_cast<uint8_t>(r); }
inline constexpr RoleMask kAnyRole = 0x1f;
inline constexpr RoleMask kRegistrarRoles =
    RoleBit(Role::kCentralRegistrar) | RoleBit(Role::kUnitRegistrar);

// Ordered: a user cleared for a level may see every level at or below it.
enum class Secrecy : uint8_t { kNormal = 0, kConfidential = 1, kSecret = 2, kTopSecret = 3 };

enum class Urgency : uint8_t { kNormal = 0, kUrgent = 1, kVeryUrgent = 2, kMostUrgent = 3 };

enum class Direction : uint8_t { kIncoming = 0, kOutgoing = 1, kInternal = 2 };

// Where a letter is in its life. A registered letter holds a register number;
// a cancelled one keeps it (burned, never reused).
enum class LetterStatus : uint8_t { kDraft = 0, kRegistered = 1, kCancelled = 2, kClosed = 3 };

// Filters on a letter's metadata, shared by listing and search. Absent
// fields do not filter.
struct LetterFilter {
  std::optional<uint64_t> unit_id;
  std::optional<std::string> book;
  std::optional<Direction> direction;
  std::optional<LetterStatus> status;
  std::optional<Urgency> urgency;
  std::optional<Secrecy> secrecy;
  std::optional<int32_t> year;  // register year (CE)
};

std::string_view RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
std::string_view SecrecyName(Secrecy s);
std::optional<Secrecy> ParseSecrecy(std::string_view s);
std::string_view UrgencyName(Urgency u);
std::optional<Urgency> ParseUrgency(std::string_view s);
std::string_view DirectionName(Direction d);
std::optional<Direction> ParseDirection(std::string_view s);
std::string_view LetterStatusName(LetterStatus s);
std::optional<LetterStatus> ParseLetterStatus(std::string_view s);

}  // namespace saraban

#endif  // SARABAN_CORE_DOMAIN_H_
