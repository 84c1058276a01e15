// The API-wide negative test: every route of the route table (so a new route
// is covered without editing this file) is called the ways an attacker or a
// broken client would call it, and must answer with the right status, the one
// JSON error shape, and change nothing in the store.
//
// Per route: no session, a garbage, a logged-out and an expired session
// cookie (401, public routes excepted); no or a wrong CSRF token and a foreign
// Origin on state-changing methods (403); a role the route does not allow
// (403); another unit's ids and ids above the caller's clearance (404, and
// the same answer as for an id that does not exist, so existence cannot be
// probed); malformed JSON (400) for routes that take a JSON body; a body over
// the limit (413). Path traversal in ids and file names separately.
//
// "Nothing changed" is a fingerprint of the data directory: every LMDB table
// dumped with mdb_dump (except the sessions tables, whose last-seen stamps
// move on reads by design) plus the list of files under the data directory
// and beside it. A test applies one legitimate change and sees it move.
#include <openssl/sha.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

#include "api/call.h"
#include "core/calendar.h"
#include "core/crypto.h"
#include "office_fixture.h"
#include "store/store.h"

namespace saraban::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr uint64_t kMissingId = 999999;
constexpr size_t kMaxBody = 1 << 20;  // the daemon's default --max-body
constexpr size_t kMaxUpload = 64 << 10;

std::string Hex(const unsigned char* d, size_t n) {
  static const char* k = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) out += {k[d[i] >> 4], k[d[i] & 15]};
  return out;
}

std::string RunCapture(const std::string& cmd) {
  std::string out;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << cmd;
  return out;
}

// Every LMDB table but the sessions ones, and every file name and size in
// and beside the data directory (blobs, derived files, anything a path
// traversal might have written). Any change to a record or a file moves it.
std::string Fingerprint(const std::string& data_dir) {
  std::istringstream dump(RunCapture("mdb_dump -a '" + data_dir + "/store'"));
  std::string kept, line, table;
  while (std::getline(dump, line)) {
    if (line.rfind("database=", 0) == 0) table = line.substr(9);
    if (table != "sessions" && table != "sessions_by_user") kept += line + "\n";
  }
  EXPECT_NE(kept.find("database=letters"), std::string::npos) << "mdb_dump gave no tables";
  const fs::path beside = fs::path(data_dir).parent_path();
  for (const auto& e : fs::recursive_directory_iterator(beside)) {
    const std::string rel = fs::relative(e.path(), beside).string();
    if (rel.rfind(fs::path(data_dir).filename().string() + "/store", 0) == 0) continue;
    if (rel.find("/index") != std::string::npos) continue;  // derived, rebuilt from the store
    if (rel == "daemon.log") continue;                      // the test daemon's stderr
    kept += rel + (e.is_regular_file() ? " " + std::to_string(e.file_size()) : "/") + "\n";
  }
  if (const char* dbg = std::getenv("SARABAN_FINGERPRINT_DUMP")) {  // to diff two fingerprints
    static int n = 0;
    std::ofstream(std::string(dbg) + "." + std::to_string(n++)) << kept;
  }
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(kept.data()), kept.size(), md);
  return Hex(md, sizeof md);
}

void ExpectErrorShape(const HttpResult& r, const std::string& what) {
  const json j = r.json();
  ASSERT_TRUE(j.is_object() && j.contains("error") && j["error"].is_object())
      << what << " -> " << r.status << " " << r.body;
  EXPECT_TRUE(j["error"]["code"].is_string()) << what;
  EXPECT_TRUE(j["error"]["message"].is_string()) << what;
  EXPECT_TRUE(j["error"]["hint"].is_string()) << what;
  EXPECT_EQ(r.headers.count("content-type") ? r.headers.at("content-type") : "", "application/json")
      << what;
}

bool IsSafe(std::string_view m) { return m == "GET" || m == "HEAD" || m == "OPTIONS"; }

// Routes whose OpenAPI entry has a requestBody (the ones that decode JSON).
std::set<std::string> RoutesWithBody() {
  std::ifstream in(SARABAN_OPENAPI);
  const json doc = json::parse(in);
  std::set<std::string> out;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) {
      if (op.is_object() && op.contains("requestBody")) {
        std::string m = method;
        for (char& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        out.insert(m + " " + path);
      }
    }
  }
  return out;
}

class NegativeApiTest : public OfficeTest {
 protected:
  void SetUp() override {
    OfficeTest::SetUp();
    MakeUser("exec_low", {"executive"}, unit_a_, "normal");
    // An expired session, written while the daemon is stopped: 13 hours old
    // and unused for as long (the defaults end sessions after 12 h / 30 min).
    expired_token_ = RandomHex(32);
    ASSERT_EQ(daemon_->Stop(), 0);
    {
      auto store = store::Store::Open(daemon_->data_dir(), {});
      ASSERT_TRUE(store) << store.error().message;
      const int64_t old = NowMillis() - 13 * 3'600'000LL;
      Status s = (*store)->Write([&](store::WriteTxn& txn) -> Status {
        return txn.PutSession({.token_hash = Sha256Hex(expired_token_),
                               .user_id = 1,
                               .csrf_token = "expired",
                               .created_at = old,
                               .last_seen_at = old});
      });
      ASSERT_TRUE(s) << s.error().message;
    }
    daemon_->set_serve_args({"--max-upload", std::to_string(kMaxUpload)});
    daemon_->Start();
    admin_ = Client("admin", daemon_->options().admin_password);
    for (const char* name : {"reg_a", "reg_b", "staff_a", "central", "boss_a", "exec_low"}) {
      users_[name] = Client(name);
    }
    // A logged-out session's cookie.
    HttpClient gone(daemon_->base_url());
    const HttpResult login = gone.Login("staff_a", kPassword);
    ASSERT_EQ(login.status, 200);
    for (const std::string& c : login.set_cookies) {
      if (c.rfind("saraban_session=", 0) == 0) logged_out_token_ = c.substr(16, c.find(';') - 16);
    }
    ASSERT_EQ(logged_out_token_.size(), 64u);
    const long logout = gone.Delete("/api/v1/session").status;
    ASSERT_TRUE(logout == 200 || logout == 204) << logout;

    // Unit B's letter with an attachment and an instruction, seen only by B.
    letter_b_ = Id(Register(*users_["reg_b"], unit_b_, "ຂອງພະແນກ ຂ ເທົ່ານັ້ນ"));
    attachment_b_ = Upload(*users_["reg_b"], letter_b_, "b.txt", "ຂໍ້ຄວາມ ຂ");
    assignment_b_ = Forwarded(*users_["reg_b"], letter_b_, unit_b_, "ດຳເນີນການ");
    // A secret letter of unit A, with an attachment and an instruction to A:
    // reg_a (cleared for normal) must not see any of it.
    secret_a_ = Id(Register(*users_["central"], unit_a_, "ລັບ ແຜນ", {{"secrecy", "secret"}}));
    attachment_secret_ = Upload(*users_["central"], secret_a_, "s.txt", "ລັບ");
    assignment_secret_ = Forwarded(*users_["central"], secret_a_, unit_a_, "ລັບ");
    own_a_ = Id(Register(*users_["reg_a"], unit_a_, "ຂອງ ກ"));
    // Text extraction runs in the background after an upload and writes to
    // the store; wait until it is done so that only requests move the store.
    WaitForExtraction(*users_["reg_b"], attachment_b_);
    WaitForExtraction(*users_["central"], attachment_secret_);
  }

  static void WaitForExtraction(HttpClient& c, uint64_t attachment) {
    const std::string path = "/api/v1/attachments/" + std::to_string(attachment);
    for (int i = 0; i < 600; ++i) {
      const std::string status = c.Get(path).json().value("text_status", "");
      if (status == "done" || status == "failed") return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "extraction of attachment " << attachment << " did not finish";
  }

  static uint64_t Id(const json& j) { return j.value("id", uint64_t{0}); }
  static std::string LetterPath(uint64_t id) { return "/api/v1/letters/" + std::to_string(id); }

  uint64_t Upload(HttpClient& c, uint64_t letter, const std::string& name,
                  const std::string& body) {
    HttpResult r = c.Request("POST", LetterPath(letter) + "/attachments?filename=" + name, body,
                             {"Content-Type: application/octet-stream"});
    EXPECT_EQ(r.status, 201) << r.body;
    return Id(r.json());
  }

  // Forwards `letter` to `unit` with an instruction; the new assignment's id.
  uint64_t Forwarded(HttpClient& c, uint64_t letter, uint64_t unit, const std::string& what) {
    const HttpResult r =
        c.Post(LetterPath(letter) + "/forward", {{"instruction", what}, {"unit_ids", {unit}}});
    EXPECT_EQ(r.status, 200) << r.body;
    const json made = r.json().value("assignments", json::array());
    return made.empty() ? 0 : made.back().value("id", uint64_t{0});
  }

  // The id kind of a path parameter, from the path segment before it.
  std::string KindOf(std::string_view pattern, std::string_view param) const {
    if (param == "letter_id") return "letters";
    const size_t at = pattern.find("{" + std::string(param) + "}");
    const std::string_view head = pattern.substr(0, at == 0 ? 0 : at - 1);
    return std::string(head.substr(head.rfind('/') + 1));
  }

  // The route's path with every parameter replaced by `pick(kind)`.
  std::string PathOf(const api::Route& r,
                     const std::function<std::string(const std::string&)>& pick) {
    std::string path;
    const std::string_view p = r.pattern;
    for (size_t i = 0; i < p.size();) {
      if (p[i] == '{') {
        const size_t end = p.find('}', i);
        path += pick(KindOf(p, p.substr(i + 1, end - i - 1)));
        i = end + 1;
      } else {
        path += p[i++];
      }
    }
    return path;
  }

  // A user of unit A cleared only for normal who holds one of the route's roles.
  HttpClient* LowCaller(RoleMask roles) {
    if (roles & (RoleBit(Role::kUnitRegistrar) | RoleBit(Role::kStaff)))
      return users_["reg_a"].get();
    if (roles & RoleBit(Role::kExecutive)) return users_["exec_low"].get();
    return nullptr;  // admin-only routes name no letters
  }
  // A user allowed on the route who sees the whole office (or as much as exists).
  HttpClient* StrongCaller(RoleMask roles) {
    if (roles & RoleBit(Role::kAdmin)) return admin_.get();
    if (roles & kRegistrarRoles) return users_["central"].get();
    if (roles & RoleBit(Role::kExecutive)) return users_["boss_a"].get();
    return users_["central"].get();
  }

  std::string expired_token_, logged_out_token_;
  std::map<std::string, std::unique_ptr<HttpClient>> users_;
  uint64_t letter_b_ = 0, attachment_b_ = 0, assignment_b_ = 0;
  uint64_t secret_a_ = 0, attachment_secret_ = 0, assignment_secret_ = 0, own_a_ = 0;
};

TEST_F(NegativeApiTest, FingerprintSeesALegitimateChange) {
  const std::string before = Fingerprint(daemon_->data_dir());
  EXPECT_EQ(Fingerprint(daemon_->data_dir()), before);  // stable when nothing happens
  // A read touches nothing that counts.
  EXPECT_EQ(users_["reg_a"]->Get(LetterPath(own_a_)).status, 200);
  EXPECT_EQ(Fingerprint(daemon_->data_dir()), before);
  // One small legitimate change: a user's language.
  ASSERT_EQ(users_["reg_a"]->Patch("/api/v1/session", {{"language", "th"}}).status, 200);
  const std::string after = Fingerprint(daemon_->data_dir());
  EXPECT_NE(after, before);
  // And an attachment (a new blob file) moves it again.
  WaitForExtraction(*users_["reg_a"], Upload(*users_["reg_a"], own_a_, "new.txt", "ໃໝ່"));
  EXPECT_NE(Fingerprint(daemon_->data_dir()), after);
}

TEST_F(NegativeApiTest, EveryRouteRefusesHostileCallsAndNothingChanges) {
  const std::set<std::string> with_body = RoutesWithBody();
  const std::string before = Fingerprint(daemon_->data_dir());
  const std::string origin_host = daemon_->base_url().substr(daemon_->base_url().find("//") + 2);
  std::map<std::string, int> checks;
  int routes = 0, lookup_reached = 0, id_routes = 0;

  auto missing = [](const std::string&) { return std::to_string(kMissingId); };
  auto foreign = [&](const std::string& kind) -> std::string {
    if (kind == "letters") return std::to_string(letter_b_);
    if (kind == "attachments") return std::to_string(attachment_b_);
    if (kind == "assignments") return std::to_string(assignment_b_);
    return "";
  };
  auto secret = [&](const std::string& kind) -> std::string {
    if (kind == "letters") return std::to_string(secret_a_);
    if (kind == "attachments") return std::to_string(attachment_secret_);
    if (kind == "assignments") return std::to_string(assignment_secret_);
    return "";
  };
  auto existing = [&](const std::string& kind) -> std::string {
    if (kind == "letters") return std::to_string(own_a_);
    if (kind == "attachments") return std::to_string(attachment_secret_);
    if (kind == "assignments") return std::to_string(assignment_secret_);
    if (kind == "units") return std::to_string(unit_a_);
    if (kind == "users") return "1";
    if (kind == "books") return "receive";
    return std::to_string(kMissingId);
  };
  // Bodies tried until one passes validation (the answer for a missing id is
  // then 404): the probe reaches the lookup, so a foreign id must get 404 too.
  const std::vector<std::string> candidates = {
      "{}",
      R"({"reason":"x"})",
      R"({"note":"x"})",
      R"({"text":"x"})",
      R"({"subject":"x"})",
      R"({"unit_ids":[)" + std::to_string(unit_a_) + "]}",
      R"({"instruction":"x","unit_ids":[)" + std::to_string(unit_a_) + "]}",
      R"({"due_date":"2030-01-31","text":"x"})",
      R"({"password":"correct horse battery"})",
      R"({"signer_id":1})",
      R"({"letter_id":)" + std::to_string(own_a_) + "}",
      R"({"name":"x"})",
  };

  for (const api::Route& r : api::Routes()) {
    ++routes;
    const std::string method(r.method);
    const std::string name = method + " " + std::string(r.pattern);
    SCOPED_TRACE(name);
    const bool has_params = r.pattern.find('{') != std::string_view::npos;
    const std::string path = PathOf(r, missing);
    const std::string json_type = "Content-Type: application/json";
    auto check = [&](const char* what, const HttpResult& got, long want) {
      EXPECT_EQ(got.status, want) << what << ": " << got.body;
      ExpectErrorShape(got, name + " " + what);
      ++checks[what];
    };

    // 413 before anything else: the router does not read past the limit.
    if (!IsSafe(method) && !r.streams_body) {
      HttpClient anon(daemon_->base_url());
      check("oversized body", anon.Request(method, path, std::string(kMaxBody + 1, ' ')), 413);
    }
    if (r.roles != 0) {
      HttpClient anon(daemon_->base_url());
      check("no session", anon.Request(method, path, IsSafe(method) ? "" : "{}"), 401);
      for (const std::string& token :
           {RandomHex(32), std::string("garbage;="), logged_out_token_, expired_token_}) {
        check("bad session cookie",
              anon.Request(method, path, IsSafe(method) ? "" : "{}",
                           {"Cookie: saraban_session=" + token}),
              401);
      }
    }
    if (!IsSafe(method)) {
      HttpClient* caller = r.roles != 0 ? StrongCaller(r.roles) : users_["reg_a"].get();
      check("foreign origin",
            caller->Request(method, path, "{}", {"Origin: http://evil.example", json_type}), 403);
      check("origin of another port",
            caller->Request(method, path, "{}", {"Origin: http://" + origin_host + "0", json_type}),
            403);
      if (r.roles != 0) {
        caller->set_send_csrf(false);
        check("no CSRF token", caller->Request(method, path, "{}"), 403);
        check("wrong CSRF token",
              caller->Request(method, path, "{}", {"X-CSRF-Token: " + RandomHex(32)}), 403);
        caller->set_send_csrf(true);
      }
    }
    if (r.roles != 0 && r.roles != kAnyRole) {
      // staff_a holds only the staff role, which no restricted route allows.
      ASSERT_EQ(r.roles & RoleBit(Role::kStaff), 0u);
      check("wrong role", users_["staff_a"]->Request(method, path, IsSafe(method) ? "" : "{}"),
            403);
    }
    const bool setup_route = r.pattern.rfind("/api/v1/setup", 0) == 0;
    if (setup_route && !IsSafe(method)) {
      // Once the box holds an office, setup is over: every setup call is
      // refused as such before its body is read (docs/first-boot.md).
      HttpClient anon(daemon_->base_url());
      check("setup when an office exists", anon.Request(method, path, "{\"subject\": \"x"), 409);
    } else if (with_body.count(name) && !r.streams_body) {
      // On a resource the caller may use, so it is the body that is refused.
      HttpClient anon(daemon_->base_url());
      HttpClient* caller = r.roles != 0 ? StrongCaller(r.roles) : &anon;
      const std::string usable = PathOf(r, existing);
      check("malformed JSON", caller->Request(method, usable, "{\"subject\": \"x"), 400);
      check("JSON not an object", caller->Request(method, usable, "[1,2]"), 400);
    }

    // Ids: another unit's and above clearance answer exactly like a missing id.
    HttpClient* low = LowCaller(r.roles);
    if (has_params && low && !foreign(KindOf(r.pattern, "id")).empty()) {
      ++id_routes;
      const std::vector<std::string> bodies =
          IsSafe(method) ? std::vector<std::string>{""} : candidates;
      const std::vector<std::string> headers =
          r.streams_body ? std::vector<std::string>{"Content-Type: application/octet-stream"}
                         : std::vector<std::string>{};
      const std::string query = r.streams_body ? "?filename=x.txt" : "";
      std::string body = bodies.front();
      HttpResult probe;
      for (const std::string& b : bodies) {
        probe = low->Request(method, path + query, b, headers);
        body = b;
        if (probe.status == 404) break;
      }
      ExpectErrorShape(probe, name + " missing id");
      if (probe.status == 404) {
        ++lookup_reached;
      } else {
        ADD_FAILURE() << "no candidate body got past validation: " << probe.body;
      }
      const HttpResult other = low->Request(method, PathOf(r, foreign) + query, body, headers);
      const HttpResult above = low->Request(method, PathOf(r, secret) + query, body, headers);
      EXPECT_EQ(other.status, probe.status) << "another unit's id: " << other.body;
      EXPECT_EQ(other.error_code(), probe.error_code());
      EXPECT_EQ(above.status, probe.status) << "above clearance: " << above.body;
      EXPECT_EQ(above.error_code(), probe.error_code());
      ExpectErrorShape(other, name + " another unit's id");
      ExpectErrorShape(above, name + " above clearance");
      ++checks["another unit's id"];
      ++checks["above clearance"];
    }
  }

  EXPECT_EQ(Fingerprint(daemon_->data_dir()), before) << "a refused request changed the store";
  std::printf("negative API test: %d routes, %d with ids (%d reached the lookup, answered 404)\n",
              routes, id_routes, lookup_reached);
  int total = 0;
  for (const auto& [what, n] : checks) {
    std::printf("  %-22s %d\n", what.c_str(), n);
    total += n;
  }
  std::printf("  total checks           %d\n", total);
  EXPECT_EQ(lookup_reached, id_routes) << "some id routes never reached their lookup";
}

TEST_F(NegativeApiTest, PathTraversalInIdsAndNamesTouchesNothingOutside) {
  const std::string before = Fingerprint(daemon_->data_dir());
  HttpClient& reg = *users_["reg_a"];
  for (const char* path :
       {"/api/v1/letters/..%2f..%2fetc%2fpasswd", "/api/v1/letters/%2e%2e",
        "/api/v1/letters/%2e%2e%2f%2e%2e%2fstore", "/api/v1/attachments/..%2fblobs/content",
        "/api/v1/attachments/%2e%2e/content", "/api/v1/letters/1%00/attachments",
        "/api/v1/letters/-1", "/api/v1/letters/1e3"}) {
    const HttpResult r = reg.Get(path);
    EXPECT_TRUE(r.status == 404 || r.status == 400) << path << " -> " << r.status;
    ExpectErrorShape(r, std::string(path));
  }
  // File names: "." and ".." name no file; a traversal to another unit's
  // letter is not found before the name matters.
  for (const char* name : {"..", ".", "%2e%2e", "", "a%00b", "..%2f..%2f"}) {
    const HttpResult r = reg.Request("POST", LetterPath(own_a_) + "/attachments?filename=" + name,
                                     "x", {"Content-Type: application/octet-stream"});
    EXPECT_EQ(r.status, 422) << name << " -> " << r.body;
    ExpectErrorShape(r, std::string(name));
  }
  const HttpResult other =
      reg.Request("POST", LetterPath(letter_b_) + "/attachments?filename=..%2f..%2fevil", "x",
                  {"Content-Type: application/octet-stream"});
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(Fingerprint(daemon_->data_dir()), before);

  // A name with a path is stored as its last component, and the bytes go to
  // the content-addressed blob store, never to a path from the name.
  const HttpResult stored =
      reg.Request("POST", LetterPath(own_a_) + "/attachments?filename=..%2f..%2f..%2fevil.txt",
                  "ຂໍ້ມູນ", {"Content-Type: application/octet-stream"});
  ASSERT_EQ(stored.status, 201) << stored.body;
  EXPECT_EQ(stored.json()["filename"], "evil.txt");
  for (const auto& e : fs::recursive_directory_iterator(daemon_->dir().path())) {
    EXPECT_NE(e.path().filename(), "evil.txt") << e.path();
  }
  EXPECT_FALSE(fs::exists("/evil.txt"));
  EXPECT_FALSE(fs::exists(fs::path(daemon_->data_dir()).parent_path().parent_path() / "evil.txt"));
}

TEST_F(NegativeApiTest, OversizedUploadIs413AndStoresNothing) {
  const std::string before = Fingerprint(daemon_->data_dir());
  const HttpResult r = users_["reg_a"]->Request(
      "POST", LetterPath(own_a_) + "/attachments?filename=big.pdf",
      std::string(kMaxUpload + 1, 'x'), {"Content-Type: application/octet-stream"});
  EXPECT_EQ(r.status, 413) << r.body;
  ExpectErrorShape(r, "oversized upload");
  EXPECT_EQ(Fingerprint(daemon_->data_dir()), before);
}

}  // namespace
}  // namespace saraban::testing
