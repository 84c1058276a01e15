// Reading numbers out of JSON that came from a file (a manifest inside a
// backup, the backup keys file): nlohmann's get<uint64_t>() converts a
// floating-point value with a cast, which is undefined behaviour when the
// value is out of range (the backup_reader fuzz target found 2.4e57).
#ifndef SARABAN_BACKUP_SRC_JSON_READ_H_
#define SARABAN_BACKUP_SRC_JSON_READ_H_

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>

namespace saraban::backup {

// `doc[key]` as an unsigned integer no larger than `max`; throws
// nlohmann::json::exception (as at() and get() do) when it is missing, not a
// non-negative integer, or too large, so callers keep one catch for "malformed".
inline uint64_t UnsignedAt(const nlohmann::json& doc, const char* key,
                           uint64_t max = std::numeric_limits<uint64_t>::max()) {
  const nlohmann::json& v = doc.at(key);
  if (!v.is_number_unsigned() || v.get<uint64_t>() > max) {
    throw nlohmann::json::type_error::create(302, std::string(key) + " is not a count", &v);
  }
  return v.get<uint64_t>();
}

}  // namespace saraban::backup

#endif  // SARABAN_BACKUP_SRC_JSON_READ_H_
