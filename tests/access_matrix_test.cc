// The access matrix: every role x clearance of a user in unit U, against
// letters of every secrecy level held by U, its child C, its parent P, its
// sibling S and an unrelated unit O, plus letters of O sent to U (delivery
// pending) and letters of S forwarded to U with an instruction, for every
// action: list, read, search, download the attachment, act on the workflow
// (forward, close) and receive a notification of an event on the letter.
//
// The expected answer of every cell comes from the written rule (authz.h,
// docs/api.md "Who sees what"), restated below in two small functions, not
// from calling authz.cc. A cell where the API shows more than the rule is a
// leak; one where it shows less is a miss. Both fail the test; leaks are
// counted on their own and must be zero.
#include <algorithm>
#include <cstdio>
#include <set>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

enum class Rel { kOwn, kChild, kParent, kSibling, kOther, kSentToU, kAssignedToU };
constexpr Rel kRels[] = {Rel::kOwn,   Rel::kChild,   Rel::kParent,     Rel::kSibling,
                         Rel::kOther, Rel::kSentToU, Rel::kAssignedToU};
const char* RelName(Rel r) {
  static const char* const kNames[] = {"own",   "child",     "parent",       "sibling",
                                       "other", "sent_to_u", "assigned_to_u"};
  return kNames[static_cast<int>(r)];
}
const char* const kRoles[] = {"admin", "central_registrar", "unit_registrar", "executive", "staff"};
const char* const kLevels[] = {"normal", "confidential", "secret", "top_secret"};

struct User {
  std::string role;
  int clearance;  // index into kLevels
  std::string name;
  uint64_t id = 0;
  std::unique_ptr<HttpClient> client;
};
struct Letter {
  Rel rel;
  int level;
  uint64_t id = 0, attachment = 0;
  std::string token;  // a word only this letter's subject holds
};

// --- The rule, as documented -------------------------------------------
// A letter is *held in scope* when the user is cleared for its level and
// its unit is in the user's scope: the whole office for a central
// registrar, the user's units and every unit below them for an executive,
// the user's own units for everyone else (admins included). Lists and
// search show exactly these letters.
bool HeldInScope(const User& u, const Letter& l) {
  if (l.level > u.clearance) return false;
  if (u.role == "central_registrar") return true;
  switch (l.rel) {
    case Rel::kOwn:
      return true;
    case Rel::kChild:
      return u.role == "executive";
    default:
      return false;  // P, S, O, and the letters of O and S sent or forwarded to U
  }
}
// Reading a letter, downloading its attachments and acting on it are also
// allowed, within clearance, when the letter was sent to a unit in scope
// (pending or accepted) or forwarded to the user or a unit in scope.
bool MayOpen(const User& u, const Letter& l) {
  if (HeldInScope(u, l)) return true;
  return l.level <= u.clearance && (l.rel == Rel::kSentToU || l.rel == Rel::kAssignedToU);
}
// Every letter gets one event (see SetUp); the events that name U notify
// every member of U cleared for the letter. Nothing else reaches U's users.
bool Notified(const User& u, const Letter& l) {
  const bool to_u = l.rel == Rel::kOwn || l.rel == Rel::kSentToU || l.rel == Rel::kAssignedToU;
  return to_u && l.level <= u.clearance;
}
// -----------------------------------------------------------------------

class AccessMatrixTest : public OfficeTest {
 protected:
  void SetUp() override {
    OfficeTest::SetUp();
    p_ = MakeUnit(1, "MP", "ກົມ P", "กรม P");
    u_ = MakeUnit(p_, "MU", "ພະແນກ U", "ฝ่าย U");
    c_ = MakeUnit(u_, "MC", "ຂະແໜງ C", "งาน C");
    s_ = MakeUnit(p_, "MS", "ພະແນກ S", "ฝ่าย S");
    o_ = MakeUnit(1, "MO", "ພະແນກ O", "ฝ่าย O");
    MakeUser("desk", {"central_registrar"}, 1, "top_secret");  // does every step; not in U
    desk_ = Client("desk");
    for (const char* role : kRoles) {
      for (int level = 0; level < 4; ++level) {
        User u{role, level, std::string(role) + "_" + kLevels[level]};
        u.id = MakeUser(u.name, {role}, u_, kLevels[level]);
        users_.push_back(std::move(u));
      }
    }
    for (User& u : users_) u.client = Client(u.name);

    for (Rel rel : kRels) {
      for (int level = 0; level < 4; ++level) {
        Letter l{rel, level};
        l.token = std::string("zq") + RelName(rel) + kLevels[level];
        l.token.erase(std::remove(l.token.begin(), l.token.end(), '_'), l.token.end());
        const uint64_t unit = UnitOf(rel);
        json made =
            Register(*desk_, unit, "ໜັງສື " + l.token + " หนังสือ", {{"secrecy", kLevels[level]}});
        l.id = made.value("id", uint64_t{0});
        HttpResult att = desk_->Request(
            "POST", "/api/v1/letters/" + std::to_string(l.id) + "/attachments?filename=a.txt",
            "ເອກະສານ " + l.token, {"Content-Type: application/octet-stream"});
        EXPECT_EQ(att.status, 201) << att.body;
        l.attachment = att.json().value("id", uint64_t{0});
        // One event per letter: sent to U, forwarded to U, or forwarded
        // within its own unit (which must tell nobody in U unless it is U).
        const std::string path = "/api/v1/letters/" + std::to_string(l.id);
        HttpResult event =
            rel == Rel::kSentToU
                ? desk_->Post(path + "/send", {{"unit_ids", {u_}}})
                : desk_->Post(path + "/forward",
                              {{"instruction", "ດຳເນີນການ"},
                               {"unit_ids", {rel == Rel::kAssignedToU ? u_ : unit}}});
        EXPECT_TRUE(event.status == 200 || event.status == 201) << event.body;
        letters_.push_back(l);
      }
    }
  }

  uint64_t UnitOf(Rel rel) const {
    switch (rel) {
      case Rel::kOwn:
        return u_;
      case Rel::kChild:
        return c_;
      case Rel::kParent:
        return p_;
      case Rel::kSibling:
      case Rel::kAssignedToU:
        return s_;
      case Rel::kOther:
      case Rel::kSentToU:
        return o_;
    }
    return 0;
  }

  std::unique_ptr<HttpClient> desk_;
  uint64_t p_ = 0, u_ = 0, c_ = 0, s_ = 0, o_ = 0;
  std::vector<User> users_;
  std::vector<Letter> letters_;
};

struct Tally {
  int cells = 0, leaks = 0, misses = 0, shown = 0;
  void Cell(bool expected, bool got, const std::string& where) {
    ++cells;
    if (got) ++shown;
    if (got && !expected) {
      ++leaks;
      ADD_FAILURE() << "LEAK: " << where;
    } else if (!got && expected) {
      ++misses;
      ADD_FAILURE() << "miss: " << where;
    }
  }
};

TEST_F(AccessMatrixTest, NoRoleClearanceOrUnitRelationSeesMoreThanTheRule) {
  std::map<std::string, Tally> by_action;
  auto where = [](const User& u, const Letter& l, const char* action) {
    return std::string(action) + " by " + u.name + " of " + RelName(l.rel) + "/" +
           kLevels[l.level] + " letter " + std::to_string(l.id);
  };

  // Observe first: nothing here changes what anyone may see.
  for (User& u : users_) {
    std::set<uint64_t> listed, notified;
    const json list = u.client->Get("/api/v1/letters?limit=200").json();
    for (const auto& l : list["letters"]) listed.insert(l["id"].get<uint64_t>());
    EXPECT_EQ(list["total"].get<size_t>(), listed.size()) << u.name << ": total counts the unseen";
    const json notes = u.client->Get("/api/v1/notifications?limit=200").json();
    for (const auto& n : notes["notifications"]) notified.insert(n.value("letter_id", uint64_t{0}));

    for (const Letter& l : letters_) {
      const std::string id = std::to_string(l.id);
      by_action["list"].Cell(HeldInScope(u, l), listed.count(l.id) > 0, where(u, l, "list"));

      const HttpResult read = u.client->Get("/api/v1/letters/" + id);
      EXPECT_TRUE(read.status == 200 || read.status == 404) << read.body;
      by_action["read"].Cell(MayOpen(u, l), read.status == 200, where(u, l, "read"));

      const json found = u.client->Get("/api/v1/search?q=" + l.token).json();
      bool hit = false;
      for (const auto& h : found.value("hits", json::array())) {
        hit = hit || h.value("letter_id", uint64_t{0}) == l.id;
      }
      EXPECT_EQ(found.value("total", size_t{0}), hit ? 1u : 0u) << where(u, l, "search total");
      by_action["search"].Cell(HeldInScope(u, l), hit, where(u, l, "search"));

      const HttpResult content =
          u.client->Get("/api/v1/attachments/" + std::to_string(l.attachment) + "/content");
      EXPECT_TRUE(content.status == 200 || content.status == 404) << content.body;
      by_action["download"].Cell(MayOpen(u, l), content.status == 200, where(u, l, "download"));

      by_action["notification"].Cell(Notified(u, l), notified.count(l.id) > 0,
                                     where(u, l, "notification"));
    }
  }

  // Then act: a letter one may not open is "not found" for every step; one
  // that may be opened gets an answer about the step (done, not allowed for
  // the role, wrong state), never "not found". Forwarding to oneself and
  // closing change no one's view.
  for (User& u : users_) {
    for (const Letter& l : letters_) {
      const std::string path = "/api/v1/letters/" + std::to_string(l.id);
      const HttpResult fwd =
          u.client->Post(path + "/forward", {{"instruction", "ກວດ"}, {"user_ids", {u.id}}});
      by_action["act: forward"].Cell(MayOpen(u, l), fwd.status != 404,
                                     where(u, l, "forward") + " -> " + fwd.body);
      const HttpResult close = u.client->Post(path + "/close", json::object());
      by_action["act: close"].Cell(MayOpen(u, l), close.status != 404,
                                   where(u, l, "close") + " -> " + close.body);
    }
  }

  int cells = 0, leaks = 0, misses = 0;
  std::printf(
      "access matrix: %zu users (5 roles x 4 clearances) x %zu letters "
      "(7 unit relations x 4 levels)\n",
      users_.size(), letters_.size());
  for (const auto& [action, t] : by_action) {
    std::printf("  %-14s cells %4d  shown %4d  leaks %d  misses %d\n", action.c_str(), t.cells,
                t.shown, t.leaks, t.misses);
    cells += t.cells;
    leaks += t.leaks;
    misses += t.misses;
  }
  std::printf("  total          cells %4d  leaks %d  misses %d\n", cells, leaks, misses);
  EXPECT_EQ(leaks, 0);
  EXPECT_EQ(misses, 0);
  EXPECT_EQ(cells, static_cast<int>(users_.size() * letters_.size() * 7));
}

}  // namespace
}  // namespace saraban::testing
