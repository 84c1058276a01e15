// Fuzz target "api_json": the real Router over a real store (LMDB, blobs and
// a Xapian index in a scratch directory), called as an authenticated admin
// with a valid CSRF token, so every request reaches its handler. The route is
// picked from the route table by the first byte, so a new route is fuzzed
// without touching this file; this covers the JSON decoding of every API body
// and the query parameters of every listing.
//
// Input: route byte, id byte (the value of every {id} in the path), content
// type byte, a line used as the query string, and the rest as the body.
//
// Besides crashes it checks invariant 7 of DESIGN.md: every answer of 400 or
// more carries the one JSON error shape, and no input makes a handler fail
// with 500 (an internal error is a bug: bad input must get a 4xx).
//
// The admin may lock itself out with the right body (log out, lose its role,
// deactivate itself); the session and the account are then put back before
// the next input, so the fuzzer keeps reaching the handlers. The office is
// made afresh every kInputsPerOffice inputs so the store stays small.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "api/call.h"
#include "api/json_io.h"
#include "api/router.h"
#include "core/calendar.h"
#include "fuzz_input.h"
#include "http/http_types.h"
#include "scratch_dir.h"
#include "services/backup_scheduler.h"
#include "services/org.h"
#include "services/search_sync.h"
#include "services/sessions.h"

namespace saraban::fuzz {
namespace {

constexpr char kAdminPassword[] = "fuzz admin password 1";

// The office could not be set up: a broken environment, not a finding.
[[noreturn]] void Die(const char* what, const std::string& why = "") {
  std::fprintf(stderr, "api_json fuzz: %s %s\n", what, why.c_str());
  std::abort();
}
constexpr int kInputsPerOffice = 20000;

struct Office {
  ScratchDir dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<indexer::Index> index;
  std::unique_ptr<store::BlobStore> blobs;
  std::unique_ptr<services::SearchSync> search_sync;
  std::unique_ptr<services::BackupScheduler> backups;
  std::unique_ptr<api::Services> services;
  std::unique_ptr<api::Router> router;
  services::NewSession admin;

  Office() {
    std::filesystem::create_directories(dir.path() + "/data");
    auto opened = store::Store::Open(dir.path() + "/data", {.create = true});
    if (!opened) Die("store", opened.error().message);
    store = std::move(*opened);
    if (!services::SetUpOffice(*store, {.org_name = "Fuzz Office",
                                        .admin_username = "admin",
                                        .admin_password = kAdminPassword})) {
      Die("office");
    }
    auto idx = indexer::Index::Open(dir.path() + "/data/index");
    if (!idx) Die("index", idx.error().message);
    index = std::move(*idx);
    blobs = std::make_unique<store::BlobStore>(dir.path() + "/data/blobs");
    search_sync = std::make_unique<services::SearchSync>(*store, *index);
    backups = std::make_unique<services::BackupScheduler>(*store, dir.path() + "/data");
    services.reset(new api::Services{.store = *store,
                                     .blobs = *blobs,
                                     .index = *index,
                                     .search_sync = *search_sync,
                                     .ocr_pool = nullptr,
                                     .backups = backups.get(),
                                     .version = "fuzz",
                                     .max_upload = 1 << 20,
                                     .derived_dir = dir.path() + "/data/derived"});
    router = std::make_unique<api::Router>(*services, 64 << 10);
    auto login = services::Login(*store, services->login_throttle, "admin", kAdminPassword, "127.0.0.1");
    if (!login) Die("login", login.error().message);
    admin = std::move(*login);
    // Something for ids to name: a unit, a user, a registered letter.
    Call("POST", "/api/v1/units",
         R"({"parent_id":1,"code":"A","name_lo":"ພະແນກ ກ","name_th":"ฝ่าย ก"})");
    Call("POST", "/api/v1/users",
         R"({"username":"reg_a","display_name":"ນາງ ກ","roles":["unit_registrar"],)"
         R"("unit_ids":[2],"clearance":"normal","password":"correct horse battery"})");
    Call("POST", "/api/v1/letters",
         R"({"unit_id":1,"book":"receive","subject":"ແຈ້ງການ ປະຊຸມ การประชุม"})");
  }
  ~Office() { backups->Stop(); }

  http::HttpResponse Call(const std::string& method, const std::string& path,
                          const std::string& body, const std::string& query = "",
                          const std::string& content_type = "application/json") {
    http::HttpRequest req;
    req.method = method;
    req.path = path;
    req.query = http::ParseQuery(query);
    req.headers["host"] = "127.0.0.1:8080";
    req.headers["cookie"] = "saraban_session=" + admin.token;
    req.headers["x-csrf-token"] = admin.session.csrf_token;
    req.headers["content-type"] = content_type;
    req.remote_addr = "127.0.0.1";
    req.content_length = static_cast<int64_t>(body.size());
    size_t offset = 0;
    req.read_body = [&](char* buf, size_t n) -> int64_t {
      const size_t take = std::min(n, body.size() - offset);
      std::memcpy(buf, body.data() + offset, take);
      offset += take;
      return static_cast<int64_t>(take);
    };
    return router->Handle(req);
  }

  // Puts the admin's session and account back if the last input changed them.
  void RestoreAdmin() {
    auto found = services::Authenticate(*store, admin.token, NowMillis());
    if (found && *found && (*found)->second.roles == admin.user.roles) return;
    Status s = store->Write([&](store::WriteTxn& txn) -> Status {
      store::Session session = admin.session;
      session.last_seen_at = NowMillis();
      if (Status put = txn.PutSession(session); !put) return put;
      store::User user = admin.user;
      user.active = true;
      user.locked_until = 0;
      return txn.PutUser(user);
    });
    if (!s) Die("restoring the admin", s.error().message);
  }
};

void CheckErrorShape(const http::HttpResponse& r) {
  if (r.status == 500) __builtin_trap();  // an internal error is a bug, whatever the input
  if (r.status < 400) return;
  const auto j = nlohmann::json::parse(r.body, nullptr, false);
  const bool shaped = j.is_object() && j.contains("error") && j["error"].is_object() &&
                      j["error"].value("code", nlohmann::json()).is_string() &&
                      j["error"].value("message", nlohmann::json()).is_string() &&
                      j["error"].value("hint", nlohmann::json()).is_string();
  if (!shaped || r.content_type != "application/json") __builtin_trap();
}

}  // namespace
}  // namespace saraban::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using saraban::fuzz::Office;
  static std::unique_ptr<Office> office;
  static int inputs = 0;
  if (!office || ++inputs % saraban::fuzz::kInputsPerOffice == 0) {
    office.reset();
    office = std::make_unique<Office>();
  }
  office->RestoreAdmin();

  saraban::fuzz::FuzzInput in(data, size);
  const auto routes = saraban::api::Routes();
  const saraban::api::Route& route = routes[in.Byte() % routes.size()];
  const std::string id = std::to_string(in.Byte());
  static const char* const kTypes[] = {"application/json", "application/octet-stream",
                                       "multipart/form-data; boundary=fuzzb"};
  const char* type = kTypes[in.Byte() % 3];
  const std::string query = in.Line();
  const std::string body = in.Rest();

  std::string path;
  for (size_t i = 0; i < route.pattern.size();) {
    if (route.pattern[i] == '{') {
      const size_t end = route.pattern.find('}', i);
      path += route.pattern.substr(i, end - i + 1) == "{code}" ? (id == "1" ? "receive" : id) : id;
      i = end + 1;
    } else {
      path += route.pattern[i++];
    }
  }
  saraban::fuzz::CheckErrorShape(office->Call(std::string(route.method), path, body, query, type));
  return 0;
}
