// Error values that cross component boundaries.
//
// Components never throw across their public headers: a call that can fail
// returns a Status or a Result<T> carrying an Errc and the original message of
// whatever failed underneath (an LMDB code, an errno text, a parser message).
// The HTTP edge maps Errc to a status code and the one JSON error shape.
// "Not found" is an ordinary answer (std::optional), not an error, unless the
// caller asked for something that must exist.
//
// Thread-safety: plain values; copy freely.
#ifndef SARABAN_CORE_ERROR_H_
#define SARABAN_CORE_ERROR_H_

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace saraban {

enum class Errc {
  kMalformed,         // the request itself does not parse (not JSON, bad framing)
  kInvalidArgument,   // a well-formed request with a missing, wrong or out-of-range field
  kNotFound,          // the named thing does not exist (or is not visible)
  kConflict,          // valid request, but the current state does not allow it
  kUnauthenticated,   // no valid session or wrong credentials
  kForbidden,         // authenticated, but not allowed
  kTooLarge,          // a body or file over its limit
  kUnsupported,       // a media type or format we do not accept
  kTooManyRequests,   // throttled or locked out for a while
  kCorruption,        // stored data failed a check
  kIo,                // the operating system or a library failed
  kFull,              // disk or map full
  kInternal,          // a bug: an invariant did not hold
};

// Stable lower-case identifier of a code, e.g. "not_found".
std::string_view ErrcName(Errc code);

struct Error {
  Errc code;
  std::string message;  // what went wrong, for the person reading the log or the answer
  std::string hint;     // what to do about it; may be empty
};

inline Error MakeError(Errc code, std::string message, std::string hint = {}) {
  return Error{code, std::move(message), std::move(hint)};
}

// The outcome of an operation that returns nothing.
class [[nodiscard]] Status {
 public:
  Status() = default;  // success
  Status(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  static Status Ok() { return Status(); }
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_{Errc::kInternal, {}, {}};
  bool ok_ = true;
};

// A value or the Error that prevented it.
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}   // NOLINT
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  Result(const Status& status) : v_(std::in_place_index<1>, status.error()) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<1>(v_); }
  Status status() const { return ok() ? Status::Ok() : Status(error()); }

 private:
  std::variant<T, Error> v_;
};

}  // namespace saraban

#endif  // SARABAN_CORE_ERROR_H_
