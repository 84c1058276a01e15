// GET /api/v1/search against the real daemon: Lao, Thai and English words,
// access inside the query, and an index that rebuilds itself.
#include <filesystem>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

using SearchTest = OfficeTest;
using nlohmann::json;

std::set<int> Hits(HttpClient& c, const std::string& q, const std::string& extra = "") {
  HttpResult r = c.Get("/api/v1/search?q=" + UrlEncode(q) + extra);
  EXPECT_EQ(r.status, 200) << r.body;
  const json j = r.json();
  std::set<int> ids;
  for (const auto& h : j["hits"]) ids.insert(h["letter_id"].get<int>());
  EXPECT_EQ(j["total"].get<size_t>(), ids.size()) << q;
  return ids;
}

TEST_F(SearchTest, FindsLettersByLaoThaiAndEnglishWords) {
  auto central = Client("central");
  const int lao = Register(*central, unit_a_, "ແຈ້ງການ ກ່ຽວກັບການກະກຽມກອງປະຊຸມປະຈຳປີ",
                           {{"from", "ກະຊວງສຶກສາທິການ ແລະ ກິລາ"}})["id"];
  const int thai = Register(*central, unit_a_, "ขอเชิญประชุมคณะกรรมการระบบสารบรรณอิเล็กทรอนิกส์",
                            {{"document_no", "พง 0017.2/ว5500"}, {"remarks", "ปี ๒๕๖๗"}})["id"];
  const int eng = Register(*central, unit_b_, "Invitation to the regional workshop on libraries")["id"];
  EXPECT_EQ(Hits(*central, "ກອງປະຊຸມ"), std::set<int>{lao});
  EXPECT_EQ(Hits(*central, "ສຶກສາ"), std::set<int>{lao});  // inside a long compound
  EXPECT_EQ(Hits(*central, "อิเล็กทรอนิกส์"), std::set<int>{thai});
  EXPECT_EQ(Hits(*central, "2024"), std::set<int>{thai});  // ๒๕๖๗ BE
  EXPECT_EQ(Hits(*central, "workshops"), std::set<int>{eng});  // stemmed
  EXPECT_EQ(Hits(*central, "number:5500"), std::set<int>{thai});
  EXPECT_EQ(Hits(*central, "", "&unit_id=" + std::to_string(unit_b_)), std::set<int>{eng});
  // The snippet marks the match and the hit carries the register label.
  json hit = central->Get("/api/v1/search?q=" + UrlEncode("workshop")).json()["hits"][0];
  EXPECT_NE(hit["snippet"].get<std::string>().find("<mark>"), std::string::npos);
  EXPECT_FALSE(hit["register_label"].is_null());
}

TEST_F(SearchTest, NeverRevealsWhatTheUserMayNotSee) {
  auto central = Client("central");
  Register(*central, unit_b_, "ประชุมฝ่าย ข");
  Register(*central, unit_a_, "ประชุมลับ", {{"secrecy", "secret"}});
  const int visible = Register(*central, unit_a_, "ประชุมทั่วไป")["id"];
  auto reg_a = Client("reg_a");  // unit A, normal clearance
  EXPECT_EQ(Hits(*reg_a, "ประชุม"), std::set<int>{visible});
  EXPECT_EQ(Hits(*central, "ประชุม").size(), 3u);
  EXPECT_EQ(Hits(*reg_a, "", "&secrecy=secret"), std::set<int>{});
}

TEST_F(SearchTest, AnIndexDeletedWhileStoppedIsRebuiltByItself) {
  auto central = Client("central");
  const int id = Register(*central, unit_a_, "ລາຍງານຜົນການປະຕິບັດວຽກງານ")["id"];
  EXPECT_EQ(Hits(*central, "ລາຍງານ"), std::set<int>{id});
  daemon_->Stop();
  std::filesystem::remove_all(daemon_->data_dir() + "/index");
  daemon_->Start();
  auto again = Client("central");
  EXPECT_EQ(Hits(*again, "ລາຍງານ"), std::set<int>{id});
}

TEST_F(SearchTest, EditsAndCancellationsReachTheIndex) {
  auto reg = Client("reg_a");
  json l = Register(*reg, unit_a_, "ร่างแรก");
  const std::string path = "/api/v1/letters/" + std::to_string(l["id"].get<int>());
  ASSERT_EQ(reg->Patch(path, {{"subject", "ฉบับแก้ไข"}}).status, 200);
  EXPECT_EQ(Hits(*reg, "แก้ไข"), std::set<int>{l["id"].get<int>()});
  EXPECT_EQ(Hits(*reg, "ร่าง"), std::set<int>{});
  ASSERT_EQ(reg->Post(path + "/cancel", {{"reason", "ซ้ำ"}}).status, 200);
  EXPECT_EQ(Hits(*reg, "แก้ไข", "&status=cancelled"), std::set<int>{l["id"].get<int>()});
  EXPECT_EQ(Hits(*reg, "แก้ไข", "&status=registered"), std::set<int>{});
}

TEST_F(SearchTest, BadParametersAre422) {
  auto reg = Client("reg_a");
  EXPECT_EQ(reg->Get("/api/v1/search?q=x&sort=colour").status, 422);
  EXPECT_EQ(reg->Get("/api/v1/search?q=x&limit=1000").status, 422);
  EXPECT_EQ(reg->Get("/api/v1/search?q=x&received_from=2024-13-01").status, 422);
}

}  // namespace
}  // namespace saraban::testing
