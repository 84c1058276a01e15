#include "core/error.h"

namespace saraban {

std::string_view ErrcName(Errc code) {
  switch (code) {
    case Errc::kMalformed: return "malformed_request";
    case Errc::kInvalidArgument: return "invalid_argument";
    case Errc::kNotFound: return "not_found";
    case Errc::kConflict: return "conflict";
    case Errc::kUnauthenticated: return "unauthenticated";
    case Errc::kForbidden: return "forbidden";
    case Errc::kTooLarge: return "too_large";
    case Errc::kUnsupported: return "unsupported_media_type";
    case Errc::kTooManyRequests: return "too_many_requests";
    case Errc::kCorruption: return "corruption";
    case Errc::kIo: return "io_error";
    case Errc::kFull: return "storage_full";
    case Errc::kInternal: return "internal";
  }
  return "internal";
}

}  // namespace saraban
