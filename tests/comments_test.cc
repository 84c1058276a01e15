// Letter-level comments (POST /api/v1/letters/{id}/comments): anyone who sees
// the letter adds a "comment" event to its timeline, in Lao or Thai; nobody
// else learns the letter exists, and bad input changes nothing.
#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

class CommentsTest : public OfficeTest {
 protected:
  static std::vector<json> Comments(HttpClient& c, int letter) {
    std::vector<json> out;
    const json view = c.Get("/api/v1/letters/" + std::to_string(letter)).json();
    for (const auto& e : view["timeline"]) {
      if (e["action"] == "comment") out.push_back(e);
    }
    return out;
  }
};

TEST_F(CommentsTest, AnyoneWhoSeesTheLetterCommentsOnItsTimeline) {
  auto reg = Client("reg_a");
  auto staff = Client("staff_a");
  const int letter = Register(*reg, unit_a_, "ແຈ້ງການກອງປະຊຸມປະຈຳເດືອນ")["id"];
  const std::string path = "/api/v1/letters/" + std::to_string(letter) + "/comments";

  HttpResult r = staff->Post(path, {{"text", "ເຫັນດີ, ກະກຽມຫ້ອງປະຊຸມແລ້ວ"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["action"], "comment");
  EXPECT_EQ(r.json()["user_id"], UserId("staff_a"));
  EXPECT_EQ(r.json()["detail"]["text"], "ເຫັນດີ, ກະກຽມຫ້ອງປະຊຸມແລ້ວ");
  ASSERT_EQ(reg->Post(path, {{"text", "รับทราบ ขอบคุณครับ"}}).status, 201);

  const std::vector<json> seen = Comments(*reg, letter);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0]["detail"]["text"], "ເຫັນດີ, ກະກຽມຫ້ອງປະຊຸມແລ້ວ");
  EXPECT_EQ(seen[0]["user_id"], UserId("staff_a"));
  EXPECT_EQ(seen[0]["at"], r.json()["at"]);
  EXPECT_EQ(seen[1]["detail"]["text"], "รับทราบ ขอบคุณครับ");
  // The audit log records who commented.
  EXPECT_NE(admin_->Get("/api/v1/audit").body.find("letter_comment"), std::string::npos);
}

TEST_F(CommentsTest, OthersCannotCommentAndBadInputChangesNothing) {
  auto reg = Client("reg_a");
  const int letter = Register(*reg, unit_a_, "ຂໍອະນຸມັດງົບປະມານ")["id"];
  const std::string path = "/api/v1/letters/" + std::to_string(letter) + "/comments";
  const size_t before =
      reg->Get("/api/v1/letters/" + std::to_string(letter)).json()["timeline"].size();

  auto other = Client("reg_b");  // unit B does not see A's letter: not found, not forbidden
  HttpResult hidden = other->Post(path, {{"text", "ສະບາຍດີ"}});
  EXPECT_EQ(hidden.status, 404) << hidden.body;
  EXPECT_EQ(other->Post("/api/v1/letters/999999/comments", {{"text", "x"}}).status, 404);

  for (const json& body :
       {json::object(), json{{"text", "   \n"}}, json{{"text", 5}},
        json{{"text", "ok"}, {"extra", 1}}, json{{"text", std::string(5001, 'a')}}}) {
    HttpResult r = reg->Post(path, body);
    EXPECT_EQ(r.status, 422) << body.dump() << ": " << r.body;
  }
  reg->set_send_csrf(false);
  EXPECT_EQ(reg->Post(path, {{"text", "no CSRF token"}}).status, 403);
  reg->set_send_csrf(true);
  EXPECT_EQ(reg->Get("/api/v1/letters/" + std::to_string(letter)).json()["timeline"].size(),
            before);
  EXPECT_TRUE(Comments(*reg, letter).empty());
}

}  // namespace
}  // namespace saraban::testing
