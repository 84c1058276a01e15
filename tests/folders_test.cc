// Folders at four levels through the real daemon: who may create, see and
// file into office, department, division and personal folders, and that a
// folder never shows a letter its viewer may not see.
#include "office_fixture.h"

namespace saraban::testing {
namespace {

using nlohmann::json;

class FoldersTest : public OfficeTest {
 protected:
  void SetUp() override {
    OfficeTest::SetUp();
    reg_a_ = Client("reg_a");
    reg_b_ = Client("reg_b");
    staff_a_ = Client("staff_a");
    central_ = Client("central");
    boss_a_ = Client("boss_a");
  }

  static std::string FolderPath(uint64_t id, const std::string& rest = "") {
    return "/api/v1/folders/" + std::to_string(id) + rest;
  }

  uint64_t CreateFolder(HttpClient& c, const json& body) {
    HttpResult r = c.Post("/api/v1/folders", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().value("id", uint64_t{0});
  }

  std::vector<std::string> FolderNames(HttpClient& c) {
    std::vector<std::string> names;
    const json list = c.Get("/api/v1/folders").json();
    for (const auto& f : list["folders"]) names.push_back(f["name"]);
    return names;
  }

  std::unique_ptr<HttpClient> reg_a_, reg_b_, staff_a_, central_, boss_a_;
};

TEST_F(FoldersTest, APersonalFolderIsSeenOnlyByItsOwner) {
  const uint64_t letter = Register(*reg_a_, unit_a_, "ໜັງສືສ່ວນຕົວ")["id"];
  const uint64_t mine = CreateFolder(*staff_a_, {{"name", "ເອກະສານຂອງຂ້ອຍ"}, {"level", "personal"}});
  EXPECT_EQ(staff_a_->Post(FolderPath(mine, "/letters"), {{"letter_id", letter}}).status, 204);
  const json folder = staff_a_->Get(FolderPath(mine)).json();
  EXPECT_EQ(folder["level"], "personal");
  ASSERT_EQ(folder["letters"].size(), 1u);
  EXPECT_EQ(folder["letters"][0]["subject"], "ໜັງສືສ່ວນຕົວ");
  // Nobody else, not even the unit's registrar or an admin, sees or touches it.
  for (auto* other : {reg_a_.get(), admin_.get(), boss_a_.get()}) {
    EXPECT_EQ(other->Get(FolderPath(mine)).status, 404);
    EXPECT_EQ(other->Patch(FolderPath(mine), {{"name", "x"}}).status, 404);
    EXPECT_TRUE(FolderNames(*other).empty());
  }
}

TEST_F(FoldersTest, UnitFoldersFollowTheOrgChartAndItsKeepers) {
  // A sits directly under the office: a department. A1 is below A: a division.
  HttpResult wrong = reg_a_->Post(
      "/api/v1/folders", {{"name", "ງົບປະມານ"}, {"level", "division"}, {"unit_id", unit_a_}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("department"), std::string::npos) << wrong.body;
  EXPECT_EQ(reg_a_->Post("/api/v1/folders", {{"name", "x"}, {"level", "department"}}).status, 422);
  const uint64_t dept = CreateFolder(
      *reg_a_, {{"name", "ງົບປະມານ 2026"}, {"level", "department"}, {"unit_id", unit_a_}});
  // Staff of A file into it but may not rename or delete it.
  const uint64_t letter = Register(*reg_a_, unit_a_, "ແຜນງົບປະມານ")["id"];
  EXPECT_EQ(staff_a_->Post(FolderPath(dept, "/letters"), {{"letter_id", letter}}).status, 204);
  EXPECT_EQ(staff_a_->Post(FolderPath(dept, "/letters"), {{"letter_id", letter}}).status, 204);
  EXPECT_EQ(staff_a_->Patch(FolderPath(dept), {{"name", "x"}}).status, 403);
  EXPECT_EQ(staff_a_->Delete(FolderPath(dept)).status, 403);
  EXPECT_EQ(reg_a_->Get(FolderPath(dept)).json()["letter_count"], 1);
  // Another unit neither sees it nor can file into it.
  EXPECT_EQ(reg_b_->Get(FolderPath(dept)).status, 404);
  EXPECT_EQ(reg_b_->Post(FolderPath(dept, "/letters"), {{"letter_id", letter}}).status, 404);
  EXPECT_TRUE(FolderNames(*reg_b_).empty());
  // A's registrar does not keep A1's folders; A's executive does (A1 is in his scope).
  const json division = {{"name", "ສັນຍາຈັດຊື້"}, {"level", "division"}, {"unit_id", unit_a1_}};
  EXPECT_EQ(reg_a_->Post("/api/v1/folders", division).status, 403);
  const uint64_t div = CreateFolder(*boss_a_, division);
  EXPECT_EQ(boss_a_->Get(FolderPath(div)).json()["level"], "division");
  // Renaming and deleting by the keeper; the letter outlives the folder.
  HttpResult renamed = reg_a_->Patch(FolderPath(dept), {{"name", "ງົບປະມານ 2027"}});
  ASSERT_EQ(renamed.status, 200) << renamed.body;
  EXPECT_EQ(renamed.json()["name"], "ງົບປະມານ 2027");
  EXPECT_EQ(reg_a_->Delete(FolderPath(dept, "/letters/" + std::to_string(letter))).status, 204);
  EXPECT_EQ(reg_a_->Get(FolderPath(dept)).json()["letter_count"], 0);
  EXPECT_EQ(reg_a_->Delete(FolderPath(dept)).status, 204);
  EXPECT_EQ(reg_a_->Get(FolderPath(dept)).status, 404);
  EXPECT_EQ(reg_a_->Get("/api/v1/letters/" + std::to_string(letter)).status, 200);
}

TEST_F(FoldersTest, AnOfficeFolderIsSeenByAllButShowsEachOnlyTheLettersTheyMaySee) {
  const uint64_t office = CreateFolder(*central_, {{"name", "โครงการถนน"}, {"level", "office"}});
  EXPECT_EQ(reg_b_->Post("/api/v1/folders", {{"name", "x"}, {"level", "office"}}).status, 403);
  const uint64_t normal = Register(*central_, unit_b_, "ประชุมโครงการถนน")["id"];
  const uint64_t secret =
      Register(*central_, unit_b_, "งบประมาณลับโครงการถนน", {{"secrecy", "secret"}})["id"];
  const uint64_t of_a = Register(*reg_a_, unit_a_, "ถนนในเขต ก")["id"];
  for (uint64_t id : {normal, secret}) {
    EXPECT_EQ(central_->Post(FolderPath(office, "/letters"), {{"letter_id", id}}).status, 204);
  }
  // Filing needs the letter to be visible to whoever files it.
  EXPECT_EQ(central_->Post(FolderPath(office, "/letters"), {{"letter_id", 999999}}).status, 404);
  EXPECT_EQ(reg_b_->Post(FolderPath(office, "/letters"), {{"letter_id", normal}}).status, 403);
  EXPECT_EQ(central_->Post(FolderPath(office, "/letters"), {{"letter_id", of_a}}).status, 204);

  EXPECT_EQ(central_->Get(FolderPath(office)).json()["letter_count"], 3);
  // reg_b: cleared for normal only and keeps unit B: one letter.
  const json seen_by_b = reg_b_->Get(FolderPath(office)).json();
  ASSERT_EQ(seen_by_b["letters"].size(), 1u) << seen_by_b.dump();
  EXPECT_EQ(seen_by_b["letters"][0]["id"], normal);
  EXPECT_EQ(seen_by_b["letter_count"], 1);
  EXPECT_EQ(seen_by_b["can_file"], false);
  // reg_a sees only A's letter; the subjects of B's letters never appear.
  HttpResult seen_by_a = reg_a_->Get(FolderPath(office));
  EXPECT_EQ(seen_by_a.json()["letter_count"], 1);
  EXPECT_EQ(seen_by_a.body.find("งบประมาณลับ"), std::string::npos);
  EXPECT_EQ(seen_by_a.body.find("ประชุมโครงการถนน"), std::string::npos);
}

}  // namespace
}  // namespace saraban::testing
