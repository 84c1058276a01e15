#include "core/domain.h"

#include <array>
#include <utility>

namespace saraban {
namespace {

// One table per enum: index is the enum value, entry is its wire name.
constexpr std::array<std::string_view, 5> kRoleNames = {"admin", "central_registrar",
                                                        "unit_registrar", "executive", "staff"};
constexpr std::array<std::string_view, 4> kSecrecyNames = {"normal", "confidential", "secret",
                                                           "top_secret"};
constexpr std::array<std::string_view, 4> kUrgencyNames = {"normal", "urgent", "very_urgent",
                                                           "most_urgent"};
constexpr std::array<std::string_view, 3> kDirectionNames = {"incoming", "outgoing", "internal"};
constexpr std::array<std::string_view, 4> kLetterStatusNames = {"draft", "registered", "cancelled",
                                                                "closed"};

template <class Enum, size_t N>
std::optional<Enum> Parse(const std::array<std::string_view, N>& names, std::string_view s) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == s) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view RoleName(Role r) { return kRoleNames.at(static_cast<size_t>(r)); }
std::optional<Role> ParseRole(std::string_view s) { return Parse<Role>(kRoleNames, s); }
std::string_view SecrecyName(Secrecy s) { return kSecrecyNames.at(static_cast<size_t>(s)); }
std::optional<Secrecy> ParseSecrecy(std::string_view s) { return Parse<Secrecy>(kSecrecyNames, s); }
std::string_view UrgencyName(Urgency u) { return kUrgencyNames.at(static_cast<size_t>(u)); }
std::optional<Urgency> ParseUrgency(std::string_view s) { return Parse<Urgency>(kUrgencyNames, s); }
std::string_view DirectionName(Direction d) { return kDirectionNames.at(static_cast<size_t>(d)); }
std::optional<Direction> ParseDirection(std::string_view s) {
  return Parse<Direction>(kDirectionNames, s);
}

std::string_view LetterStatusName(LetterStatus s) {
  return kLetterStatusNames.at(static_cast<size_t>(s));
}
std::optional<LetterStatus> ParseLetterStatus(std::string_view s) {
  return Parse<LetterStatus>(kLetterStatusNames, s);
}

}  // namespace saraban
