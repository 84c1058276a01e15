// Letters and register books through the API: fields, numbering, drafts,
// cancellation, the register report, concurrency and durability.
#include <algorithm>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

#include "office_fixture.h"

namespace saraban::testing {
namespace {

using LettersTest = OfficeTest;
using nlohmann::json;

TEST_F(LettersTest, RegistersAnIncomingLetterWithItsOfficialFields) {
  auto reg = Client("reg_a");
  json letter = Register(*reg, unit_a_, "ຂໍເຊີນເຂົ້າຮ່ວມກອງປະຊຸມ ສະຫຼຸບວຽກງານປະຈຳປີ",
                         {{"direction", "incoming"},
                          {"document_no", "323/ປທສ"},
                          {"document_date", "2024-05-01"},
                          {"from", "ກະຊວງສຶກສາທິການ ແລະ ກິລາ"},
                          {"to", "ພະແນກ ກ"},
                          {"received_at", "2024-05-02T09:30:00+07:00"},
                          {"urgency", "very_urgent"},
                          {"category", "ກອງປະຊຸມ"},
                          {"delivery_method", "post"},
                          {"due_days", 7},
                          {"remarks", "ສົ່ງຕໍ່ຫົວໜ້າ"}});
  EXPECT_EQ(letter["register_no"], 1);
  EXPECT_EQ(letter["status"], "registered");
  EXPECT_EQ(letter["document_no"], "323/ປທສ");
  EXPECT_EQ(letter["urgency"], "very_urgent");
  EXPECT_EQ(letter["received_at"], "2024-05-02T09:30:00+07:00");
  EXPECT_FALSE(letter["due_date"].is_null());  // computed from due_days
  const int year = letter["register_year"];
  EXPECT_EQ(letter["register_label"], "1/" + std::to_string(year));  // Laos: CE
  // GET returns it with its timeline.
  json got = reg->Get("/api/v1/letters/" + std::to_string(letter["id"].get<int>())).json();
  EXPECT_EQ(got["subject"], letter["subject"]);
  ASSERT_EQ(got["timeline"].size(), 1u);
  EXPECT_EQ(got["timeline"][0]["action"], "registered");
  // The next letter in the same book gets the next number.
  EXPECT_EQ(Register(*reg, unit_a_, "ฉบับที่สอง")["register_no"], 2);
}

TEST_F(LettersTest, ThaiOfficeShowsBuddhistEraNumbers) {
  ASSERT_EQ(admin_->Patch("/api/v1/settings", {{"era", "BE"}, {"country", "TH"}}).status, 200);
  auto reg = Client("reg_a");
  json letter = Register(*reg, unit_a_, "ขอเชิญประชุมคณะกรรมการระบบสารบรรณอิเล็กทรอนิกส์",
                         {{"document_no", "พง 0017.2/ว5500"}});
  const int year = letter["register_year"];
  EXPECT_EQ(letter["register_label"], "1/" + std::to_string(year + 543));
}

TEST_F(LettersTest, FiftyConcurrentRegistrationsAreNumberedOneToFifty) {
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < 10; ++i) clients.push_back(Client(i % 2 ? "reg_a" : "central"));
  std::vector<int> numbers;
  std::mutex mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 10; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        HttpResult r = clients[t]->Post(
            "/api/v1/letters", {{"unit_id", unit_a_}, {"book", "receive"},
                                {"subject", "ໜັງສືທີ " + std::to_string(t * 5 + i)}});
        std::lock_guard lock(mu);
        numbers.push_back(r.status == 201 ? r.json()["register_no"].get<int>() : -r.status);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::sort(numbers.begin(), numbers.end());
  std::vector<int> expected(50);
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(numbers, expected);
}

TEST_F(LettersTest, RestartKeepsEveryAcknowledgedLetter) {
  auto reg = Client("reg_a");
  std::vector<json> acknowledged;
  for (int i = 0; i < 20; ++i) acknowledged.push_back(Register(*reg, unit_a_, "ລາຍງານ " + std::to_string(i)));
  daemon_->Kill();  // no clean shutdown: what was acknowledged must be on disk
  daemon_->Start();
  auto again = Client("reg_a");
  for (const json& l : acknowledged) {
    HttpResult r = again->Get("/api/v1/letters/" + std::to_string(l["id"].get<int>()));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json()["subject"], l["subject"]);
    EXPECT_EQ(r.json()["register_no"], l["register_no"]);
  }
  EXPECT_EQ(Register(*again, unit_a_, "ຫຼັງ restart")["register_no"], 21);
}

TEST_F(LettersTest, DraftsAreNumberedOnlyWhenRegistered) {
  auto staff = Client("staff_a");
  HttpResult refused = staff->Post("/api/v1/letters", {{"unit_id", unit_a_}, {"book", "send_normal"},
                                                       {"subject", "ร่าง"}});
  EXPECT_EQ(refused.status, 403);  // staff may not register
  HttpResult draft = staff->Post("/api/v1/letters", {{"unit_id", unit_a_}, {"book", "send_normal"},
                                                     {"subject", "ຮ່າງໜັງສື"}, {"register", false}});
  ASSERT_EQ(draft.status, 201) << draft.body;
  EXPECT_EQ(draft.json()["status"], "draft");
  EXPECT_TRUE(draft.json()["register_no"].is_null());
  const std::string path = "/api/v1/letters/" + std::to_string(draft.json()["id"].get<int>());
  EXPECT_EQ(staff->Patch(path, {{"subject", "ຮ່າງໜັງສື ສະບັບແກ້"}}).status, 200);
  EXPECT_EQ(staff->Post(path + "/register", json::object()).status, 403);
  auto reg = Client("reg_a");
  HttpResult registered = reg->Post(path + "/register", json::object());
  ASSERT_EQ(registered.status, 200) << registered.body;
  EXPECT_EQ(registered.json()["register_no"], 1);
  EXPECT_EQ(reg->Post(path + "/register", json::object()).status, 409);  // not twice
  json timeline = reg->Get(path).json()["timeline"];
  ASSERT_EQ(timeline.size(), 3u);
  EXPECT_EQ(timeline[1]["action"], "updated");
  EXPECT_EQ(timeline[2]["action"], "registered");
}

TEST_F(LettersTest, CancelledNumbersStayBurnedAndVisibleInTheRegister) {
  auto reg = Client("reg_a");
  json first = Register(*reg, unit_a_, "ທຳອິດ", {{"document_no", "1/2024"}});
  json second = Register(*reg, unit_a_, "ທີສອງ");
  const std::string path = "/api/v1/letters/" + std::to_string(first["id"].get<int>());
  EXPECT_EQ(reg->Post(path + "/cancel", json::object()).status, 422);  // reason required
  HttpResult cancelled = reg->Post(path + "/cancel", {{"reason", "ລົງທະບຽນຊ້ຳ"}});
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.json()["status"], "cancelled");
  EXPECT_EQ(cancelled.json()["register_no"], 1);
  EXPECT_EQ(reg->Post(path + "/cancel", {{"reason", "again"}}).status, 409);
  EXPECT_EQ(reg->Patch(path, {{"subject", "x"}}).status, 409);
  EXPECT_EQ(Register(*reg, unit_a_, "ທີສາມ")["register_no"], 3);  // 1 is never reused

  const int year = second["register_year"];
  HttpResult report = reg->Get("/api/v1/registers?unit_id=" + std::to_string(unit_a_) +
                               "&book=receive&year=" + std::to_string(year));
  ASSERT_EQ(report.status, 200) << report.body;
  json entries = report.json()["entries"];
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0]["number"], 1);
  EXPECT_EQ(entries[0]["cancelled"], true);
  EXPECT_EQ(entries[0]["document_no"], "1/2024");
  EXPECT_EQ(entries[1]["cancelled"], false);
  EXPECT_EQ(entries[2]["subject"], "ທີສາມ");
  // A date range that excludes today lists nothing.
  HttpResult old = reg->Get("/api/v1/registers?unit_id=" + std::to_string(unit_a_) +
                            "&book=receive&year=" + std::to_string(year) +
                            "&from=2000-01-01&to=2000-12-31");
  EXPECT_EQ(old.json()["entries"].size(), 0u);
}

TEST_F(LettersTest, EachBookAndUnitHasItsOwnCounter) {
  auto central = Client("central");
  EXPECT_EQ(Register(*central, unit_a_, "a")["register_no"], 1);
  EXPECT_EQ(Register(*central, unit_b_, "b")["register_no"], 1);
  EXPECT_EQ(Register(*central, unit_a_, "c", {{"book", "send_normal"}})["register_no"], 1);
  EXPECT_EQ(Register(*central, unit_a_, "d")["register_no"], 2);
  // A1 keeps no books: its letters are numbered in A's book.
  json in_a1 = Register(*central, unit_a1_, "ຂະແໜງ");
  EXPECT_EQ(in_a1["register_no"], 3);
  EXPECT_EQ(in_a1["register_unit_id"], unit_a_);
  EXPECT_EQ(in_a1["unit_id"], unit_a1_);
}

TEST_F(LettersTest, AdminAddsABookTypeForContracts) {
  HttpResult created = admin_->Post("/api/v1/books", {{"code", "contract_hire"},
                                                      {"name_lo", "ປຶ້ມສັນຍາຈ້າງ"},
                                                      {"name_th", "ทะเบียนสัญญาจ้าง"},
                                                      {"number_format", "{unit} {no}/{year}"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(admin_->Post("/api/v1/books", {{"code", "contract_hire"}, {"name_en", "x"}}).status, 409);
  EXPECT_EQ(admin_->Post("/api/v1/books", {{"code", "Bad Code"}, {"name_en", "x"}}).status, 422);
  auto reg = Client("reg_a");
  EXPECT_EQ(reg->Post("/api/v1/books", {{"code", "mine"}, {"name_en", "x"}}).status, 403);
  json letter = Register(*reg, unit_a_, "ສັນຍາຈ້າງ ທີ 1", {{"book", "contract_hire"}});
  EXPECT_EQ(letter["register_label"], "A 1/" + std::to_string(letter["register_year"].get<int>()));
  HttpResult unknown = reg->Post("/api/v1/letters", {{"unit_id", unit_a_}, {"book", "nope"},
                                                     {"subject", "x"}});
  EXPECT_EQ(unknown.status, 422);
}

TEST_F(LettersTest, ListingFiltersAndPages) {
  auto reg = Client("reg_a");
  for (int i = 0; i < 7; ++i) Register(*reg, unit_a_, "ໜັງສື " + std::to_string(i));
  Register(*reg, unit_a_, "ส่งออก", {{"book", "send_normal"}, {"direction", "outgoing"}});
  json page = reg->Get("/api/v1/letters?limit=3&offset=2&book=receive").json();
  EXPECT_EQ(page["total"], 7);
  ASSERT_EQ(page["letters"].size(), 3u);
  EXPECT_EQ(page["letters"][0]["subject"], "ໜັງສື 4");  // newest first
  EXPECT_EQ(reg->Get("/api/v1/letters?direction=outgoing").json()["total"], 1);
  EXPECT_EQ(reg->Get("/api/v1/letters?direction=sideways").status, 422);
  EXPECT_EQ(reg->Get("/api/v1/letters?limit=0").status, 422);
}

}  // namespace
}  // namespace saraban::testing
