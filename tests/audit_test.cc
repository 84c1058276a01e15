// Accounts and audit under tampering: `saraban audit verify` on a real data
// directory edited behind the daemon's back with liblmdb (an edited entry, a
// deleted one, deleted newest entries), and session expiry proven end to end
// by ageing stored sessions (the idle limit set through the settings API).
#include <nlohmann/json.hpp>
#include <regex>

#include "fault_support.h"
#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

class AuditTest : public OfficeTest {
 protected:
  CommandResult Verify() { return RunSaraban({"audit", "verify", "--data", daemon_->data_dir()}); }

  // Verify fails (exit 1), naming entry `seq` and saying `what` about it.
  void ExpectBrokenAt(uint64_t seq, const std::string& what) {
    CommandResult r = Verify();
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.out.find("BROKEN at seq " + std::to_string(seq) + ":"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(what), std::string::npos) << r.out;
  }

  // Seqs of the stored audit entries, in order.
  static std::vector<uint64_t> Seqs(RawStore& raw) {
    std::vector<uint64_t> seqs;
    for (const std::string& k : raw.Keys("audit")) seqs.push_back(ReadBe(k));
    return seqs;
  }
};

TEST_F(AuditTest, AnUntouchedLogVerifiesWhileTheDaemonRunsAndAfterACrash) {
  auto reg = Client("reg_a");
  Register(*reg, unit_a_, "ບັນທຶກ ກວດສອບ");
  HttpClient bad(daemon_->base_url());
  EXPECT_EQ(bad.Login("reg_a", "not the password").status, 401);
  CommandResult live = Verify();  // read-only, beside the running daemon
  EXPECT_EQ(live.exit_code, 0) << live.out << live.err;
  EXPECT_NE(live.out.find("audit log OK"), std::string::npos) << live.out;
  daemon_->Kill();
  CommandResult after = Verify();
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(after.out, m, std::regex("OK: (\\d+) entries"))) << after.out;
  EXPECT_GE(std::stoi(m[1]), 8);  // 2 units... 5 users, logins, a failed login
}

TEST_F(AuditTest, AnEditedByteIsFoundAtItsEntry) {
  daemon_->Stop();
  RawStore raw(daemon_->data_dir());
  const std::vector<uint64_t> seqs = Seqs(raw);
  ASSERT_GE(seqs.size(), 6u);
  const uint64_t victim = seqs[3];
  std::string value = *raw.Get("audit", Be64(victim));
  // Change one byte inside the actor's name ("admin" -> "admim"): still a
  // well-formed record, only its content differs.
  const size_t at = value.find("admin");
  ASSERT_NE(at, std::string::npos);
  value[at + 4] = 'm';
  raw.Put("audit", Be64(victim), value);
  ExpectBrokenAt(victim, "edited");
}

TEST_F(AuditTest, AByteThatBreaksTheRecordIsFoundToo) {
  daemon_->Stop();
  RawStore raw(daemon_->data_dir());
  const uint64_t victim = Seqs(raw)[2];
  std::string value = *raw.Get("audit", Be64(victim));
  value[0] = '\xff';  // no longer a CBOR map
  raw.Put("audit", Be64(victim), value);
  ExpectBrokenAt(victim, "does not decode");
}

TEST_F(AuditTest, ADeletedEntryIsFoundAtTheGap) {
  daemon_->Stop();
  RawStore raw(daemon_->data_dir());
  const uint64_t victim = Seqs(raw)[4];
  raw.Del("audit", Be64(victim));
  ExpectBrokenAt(victim, "missing");
}

TEST_F(AuditTest, DeletedNewestEntriesAreFoundThroughTheAnchor) {
  daemon_->Stop();
  RawStore raw(daemon_->data_dir());
  const uint64_t last = Seqs(raw).back();
  raw.Del("audit", Be64(last));
  ExpectBrokenAt(last, "at the end");
  // Winding the sequence back as well still leaves the anchored head hash.
  raw.Put("meta", "seq/audit", Be64(last - 1));
  ExpectBrokenAt(last - 1, "head hash");
}

TEST_F(AuditTest, AMissingDataDirectoryIsNotReportedAsTampering) {
  CommandResult r = RunSaraban({"audit", "verify", "--data", daemon_->dir().Sub("nothing")});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
}

// The session cookie's token from a login answer.
std::string SessionToken(const HttpResult& login) {
  for (const std::string& c : login.set_cookies) {
    const std::string prefix = "saraban_session=";
    if (c.rfind(prefix, 0) == 0) return c.substr(prefix.size(), c.find(';') - prefix.size());
  }
  return "";
}

// Moves a stored session's clock back by `idle_ms` (last use) and
// `age_ms` (login), as if that much time had passed.
void AgeSession(RawStore& raw, const std::string& token, int64_t idle_ms, int64_t age_ms) {
  const std::string key = Sha256Of(token);
  auto value = raw.Get("sessions", key);
  ASSERT_TRUE(value.has_value()) << "no stored session for the token";
  json s = json::from_cbor(*value);
  s["last_seen_at"] = s["last_seen_at"].get<int64_t>() - idle_ms;
  s["created_at"] = s["created_at"].get<int64_t>() - age_ms;
  const std::vector<uint8_t> bytes = json::to_cbor(s);
  raw.Put("sessions", key, std::string(bytes.begin(), bytes.end()));
}

TEST_F(AuditTest, SessionsExpireAfterTheIdleAndAbsoluteLimitsSetByTheAdmin) {
  ASSERT_EQ(
      admin_
          ->Patch("/api/v1/settings", {{"session_idle_minutes", 5}, {"session_absolute_hours", 1}})
          .status,
      200);
  HttpClient idle(daemon_->base_url()), recent(daemon_->base_url()), old(daemon_->base_url());
  const HttpResult li = idle.Login("reg_a", kPassword);
  const HttpResult lr = recent.Login("reg_a", kPassword);
  const HttpResult lo = old.Login("reg_a", kPassword);
  ASSERT_EQ(li.status, 200);
  ASSERT_EQ(lr.status, 200);
  ASSERT_EQ(lo.status, 200);
  daemon_->Stop();
  {
    RawStore raw(daemon_->data_dir());
    AgeSession(raw, SessionToken(li), 6 * 60'000, 6 * 60'000);  // idle 6 min > 5
    AgeSession(raw, SessionToken(lr), 4 * 60'000, 4 * 60'000);  // idle 4 min: still valid
    AgeSession(raw, SessionToken(lo), 60'000, 61 * 60'000);     // used lately, but 61 min old
  }
  daemon_->Start();
  HttpClient idle2(daemon_->base_url()), recent2(daemon_->base_url()), old2(daemon_->base_url());
  auto with_cookie = [](HttpClient& c, const HttpResult& login) {
    return c.Request("GET", "/api/v1/session", "",
                     {"Cookie: saraban_session=" + SessionToken(login)});
  };
  const HttpResult expired = with_cookie(idle2, li);
  EXPECT_EQ(expired.status, 401) << expired.body;
  EXPECT_EQ(expired.error_code(), "unauthenticated");
  EXPECT_EQ(with_cookie(recent2, lr).status, 200);
  EXPECT_EQ(with_cookie(old2, lo).status, 401);
}

}  // namespace
}  // namespace saraban::testing
