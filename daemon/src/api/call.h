// What a route handler receives, and the route table's row type.
//
// The router has already matched the path, authenticated the session,
// checked CSRF, Origin and the route's roles before a handler runs; handlers
// check access to particular letters and units through authz.h, the one place
// that decides it.
#ifndef SARABAN_DAEMON_API_CALL_H_
#define SARABAN_DAEMON_API_CALL_H_

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/domain.h"
#include "core/error.h"
#include "http/http_types.h"
#include "indexer/indexer.h"
#include "services/login_throttle.h"
#include "store/blob_store.h"
#include "store/records.h"
#include "store/store.h"

namespace saraban::services {
class BackupScheduler;
class Mailer;
class OcrPool;
class SearchSync;
class SetupMode;
}

namespace saraban::api {

// The logged-in user behind a request.
struct Principal {
  store::User user;
  store::Session session;
};

// Process-wide things handlers use. Owned by the server; outlives every call.
struct Services {
  store::Store& store;
  store::BlobStore& blobs;
  indexer::Index& index;
  services::SearchSync& search_sync;
  services::OcrPool* ocr_pool;  // null when extraction is off
  services::BackupScheduler* backups;
  services::Mailer* mailer;  // null in tools that serve no mail
  std::string version;
  uint64_t max_upload = 200ull << 20;
  std::string derived_dir;  // rebuildable files (searchable PDFs)
  // HTTPS: DATA/tls (the office CA, certificates) and the PEM file being
  // served ("" over plain HTTP).
  std::string tls_dir;
  std::string tls_served;
  // Where USB drives are mounted (services/drives.h).
  std::string media_root = "/media/saraban";
  std::string data_dir;  // for the disk and store figures of /api/v1/system
  services::LoginThrottle login_throttle;  // failed logins per source address
};

struct Call {
  http::HttpRequest& request;
  std::map<std::string, std::string> params;  // from {name} segments of the route
  const Principal* principal;                 // null only on public routes
  Services& services;

  // A numeric path parameter; kNotFound if it is not a positive integer (a
  // malformed id names no resource).
  Result<uint64_t> Id(const std::string& name = "id") const;
};

using Handler = http::HttpResponse (*)(Call&);

// roles == 0 marks a public route (no session needed).
struct Route {
  std::string_view method;
  std::string_view pattern;  // e.g. "/api/v1/letters/{id}"
  Handler handler;
  RoleMask roles;
  std::string_view summary;
  // The handler reads the body itself (uploads); otherwise the router reads
  // a JSON body of at most max_json_body bytes before calling it.
  bool streams_body = false;
};

// The whole API, in one table: dispatch, the OpenAPI check and OPTIONS use it.
std::span<const Route> Routes();

}  // namespace saraban::api

#endif  // SARABAN_DAEMON_API_CALL_H_
